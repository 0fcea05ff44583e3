using TelegramAI.Bot;
using TelegramAI.Contracts.Configuration;
using TelegramAI.ServiceDefaults.Health;

// The containers' health check: asks the running service for its /health (see HealthProbe).
if (HealthProbe.IsRequested(args))
    return await HealthProbe.RunAsync(args, DefaultHealthPorts.Bot);

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(DefaultHealthPorts.Bot);
builder.AddBot();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapBot();

return await app.RunServiceAsync();
