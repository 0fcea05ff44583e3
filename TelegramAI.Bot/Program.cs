using TelegramAI.Bot;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddBot();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapBot();

return await app.RunServiceAsync();
