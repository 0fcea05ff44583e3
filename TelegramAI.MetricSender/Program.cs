using TelegramAI.Contracts.Configuration;
using TelegramAI.ServiceDefaults.Health;
using TelegramAI.MetricSender;
using TelegramAI.MetricSender.Recommending;
using TelegramAI.MetricSender.Scheduling;

// The containers' health check: asks the running service for its /health (see HealthProbe).
if (HealthProbe.IsRequested(args))
    return await HealthProbe.RunAsync(args, DefaultHealthPorts.MetricSender);

// `recommend --latency 00:05:00`: BacklogPerInstanceTarget from the job timings the workers published.
if (RecommendCommand.IsRequested(args))
    return await RecommendCommand.RunAsync(args, Console.Out, TimeProvider.System);

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
