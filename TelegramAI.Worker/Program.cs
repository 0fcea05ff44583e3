using Microsoft.Extensions.Options;
using TelegramAI.Aws;
using TelegramAI.Contracts.Configuration;
using TelegramAI.ServiceDefaults.Health;
using TelegramAI.Worker.Downloads;
using TelegramAI.Worker.Jobs;
using TelegramAI.Worker.Scaling;
using TelegramAI.Worker.Storage;
using TelegramAI.Worker.Telemetry;

// The containers' health check: asks the running service for its /health (see HealthProbe).
if (HealthProbe.IsRequested(args))
    return await HealthProbe.RunAsync(args, DefaultHealthPorts.Worker);

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(DefaultHealthPorts.Worker);
builder.AddValidatedOptions<QueuesOptions>(QueuesOptions.Section);
builder.AddValidatedOptions<StorageOptions>(StorageOptions.Section);
builder.AddValidatedOptions<WorkerOptions>(WorkerOptions.Section);

builder.Services.AddAwsClients(builder.Configuration);
builder.AddVideoDownloads();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<VideoStore>();
builder.Services.AddSingleton<DownloadLeases>();
builder.Services.AddSingleton<BotCheckRefusals>();
builder.Services.AddSingleton<JobTimings>();
builder.Services.AddHostedService(services => services.GetRequiredService<JobTimings>());
builder.Services.AddSingleton<JobProcessor>();
builder.Services.AddHostedService<JobConsumer>();
builder.AddAutoScalingMembership();

// The host must outwait the grace period, and then the release of the jobs still running.
builder.Services.AddOptions<HostOptions>().Configure<IOptions<WorkerOptions>>((host, worker) =>
    host.ShutdownTimeout = worker.Value.ShutdownGrace + TimeSpan.FromSeconds(15));

var app = builder.Build();
app.MapDefaultEndpoints();

return await app.RunServiceAsync();
