using TelegramAI.Contracts.Configuration;
using TelegramAI.MetricSender;
using TelegramAI.MetricSender.Scheduling;

var (once, hostArguments) = OnceCommand.Parse(args);
var builder = WebApplication.CreateBuilder(hostArguments);
builder.AddServiceDefaults(DefaultHealthPorts.MetricSender);
builder.AddMetricSender();

var app = builder.Build();
if (once)
{
    return await app.RunOnceAsync();
}

app.MapDefaultEndpoints();
return await app.RunServiceAsync();
