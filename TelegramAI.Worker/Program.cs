using Microsoft.Extensions.Options;
using TelegramAI.Aws;
using TelegramAI.Contracts.Configuration;
using TelegramAI.Worker.Downloads;
using TelegramAI.Worker.Jobs;
using TelegramAI.Worker.Storage;
using TelegramAI.Worker.Telemetry;

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
builder.Services.AddSingleton<JobProcessor>();
builder.Services.AddHostedService<JobConsumer>();

// The host must outwait the grace period, and then the release of the jobs still running.
builder.Services.AddOptions<HostOptions>().Configure<IOptions<WorkerOptions>>((host, worker) =>
    host.ShutdownTimeout = worker.Value.ShutdownGrace + TimeSpan.FromSeconds(15));

var app = builder.Build();
app.MapDefaultEndpoints();

return await app.RunServiceAsync();
