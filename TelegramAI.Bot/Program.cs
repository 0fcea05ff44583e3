using TelegramAI.Bot;
using TelegramAI.Contracts.Configuration;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(DefaultHealthPorts.Bot);
builder.AddBot();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapBot();

return await app.RunServiceAsync();
