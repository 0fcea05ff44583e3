using TelegramAI.Contracts.Configuration;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddValidatedOptions<QueuesOptions>(QueuesOptions.Section);

var app = builder.Build();
app.MapDefaultEndpoints();

return await app.RunServiceAsync();
