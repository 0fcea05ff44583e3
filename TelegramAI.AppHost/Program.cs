using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TelegramAI.AppHost;
using TelegramAI.AppHost.Aws;
using TelegramAI.AppHost.Services;
using TelegramAI.AppHost.Stack;
using TelegramAI.AppHost.Telegram;
using TelegramAI.AppHost.Workers;
using TelegramAI.Deployment;

// `dotnet run --project TelegramAI.AppHost -- publish --output deploy` writes the production template.
if (args is ["publish", .. var publishArgs])
{
    return await PublishCommand.RunAsync(publishArgs);
}

var builder = DistributedApplication.CreateBuilder(args);
if (!LocalRunOptions.TryRead(builder.Configuration, out var local))
{
    return ServiceRunExtensions.ConfigurationErrorExitCode;
}

// Per-run folders: the workers' downloads, and the bot's state while it talks to the stand-in.
var scratch = RunScratch.AddTo(builder);

// AWS: moto on a free loopback port, or the emulator that AWS_ENDPOINT_URL names.
var aws = builder.AddAwsEmulator("aws");

// The production template deployed into it: queues, bucket, worker group. Its outputs configure the services.
var stack = builder.AddProductionStack("stack", aws, local);

// Telegram: the Bot API stand-in with a chat page, or real Telegram when a bot token is given.
var telegram = builder.AddTelegram("telegram");

builder.AddService<Projects.TelegramAI_Bot>("bot")
    .WithLocalServiceDefaults()
    .WithBotStack(stack)
    .WithTelegram(telegram, scratch);

builder.AddService<Projects.TelegramAI_MetricSender>("metric-sender")
    .WithLocalServiceDefaults()
    .WithMetricSenderStack(stack, local.MetricPeriod, local.BacklogPerInstanceTarget);

// yt-dlp's cookies and proxy, when the developer gives them for sites that refuse this machine.
var siteAccess = SiteAccess.AddTo(builder);

// The worker group: started and stopped by target tracking on the MetricSender's BacklogPerInstance.
builder.AddWorkerPool("workers", stack, local, worker => worker
    .WithLocalServiceDefaults()
    .WithWorkerStack(stack)
    .WithLocalWorkerSettings(scratch, local.WorkerShutdownGrace)
    .WithSiteAccess(siteAccess));

builder.Services.AddHostedService<ReadinessReport>();
await builder.Build().RunAsync();
return 0;
