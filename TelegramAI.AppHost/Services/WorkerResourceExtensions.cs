using System.Globalization;
using TelegramAI.AppHost.Stack;
using TelegramAI.Contracts.Configuration;
using TelegramAI.Worker.Downloads;
using TelegramAI.Worker.Jobs;

namespace TelegramAI.AppHost.Services;

public static class WorkerResourceExtensions
{
    /// <summary>A worker's keys from the stack: its AWS, both queues and <c>Storage__Bucket</c>.</summary>
    public static IResourceBuilder<ExecutableResource> WithWorkerStack(this IResourceBuilder<ExecutableResource> worker, IResourceBuilder<ProductionStackResource> stack) =>
        worker.WithStackOutputs(stack, (outputs, settings) =>
        {
            settings[QueuesOptions.Section, nameof(QueuesOptions.Jobs)] = outputs.JobsQueueUrl;
            settings[QueuesOptions.Section, nameof(QueuesOptions.Results)] = outputs.ResultsQueueUrl;
            settings[StorageOptions.Section, nameof(StorageOptions.Bucket)] = outputs.Bucket;
            settings[DownloadsOptions.Section, nameof(DownloadsOptions.AllowPrivateHosts)] = "true";
        });

    /// <summary>
    /// A local worker's own download folder under this run's scratch folder (a starting worker clears what
    /// a dead one left in its folder, which must never be a running worker's downloads), and its short
    /// shutdown grace (see <see cref="LocalRunOptions.WorkerShutdownGrace"/>).
    /// </summary>
    public static IResourceBuilder<ExecutableResource> WithLocalWorkerSettings(this IResourceBuilder<ExecutableResource> worker, RunScratch scratch, TimeSpan shutdownGrace) => worker
        .WithEnvironment(context =>
        {
            context.EnvironmentVariables[Key(nameof(WorkerOptions.TempDirectory))] = scratch.FolderFor(worker.Resource.Name);
            context.EnvironmentVariables[Key(nameof(WorkerOptions.ShutdownGrace))] = shutdownGrace.ToString("c", CultureInfo.InvariantCulture);
        });

    /// <summary>The operator's cookies file and proxy for yt-dlp, when the AppHost was given them (see <see cref="SiteAccess"/>).</summary>
    public static IResourceBuilder<ExecutableResource> WithSiteAccess(this IResourceBuilder<ExecutableResource> worker, SiteAccess access)
    {
        ArgumentNullException.ThrowIfNull(access);
        if (access.CookiesFile is { } cookies)
            worker.WithEnvironment(ConfigurationKey(nameof(DownloadsOptions.CookiesFile)), cookies);
        if (access.Proxy is { } proxy)
            worker.WithEnvironment(ConfigurationKey(nameof(DownloadsOptions.Proxy)), proxy);
        return worker;
    }

    private static string ConfigurationKey(string member) => TelegramAI.ServiceDefaults.Configuration.ConfigurationKey.ToEnvironmentVariable(DownloadsOptions.Section, member);

    private static string Key(string member) => TelegramAI.ServiceDefaults.Configuration.ConfigurationKey.ToEnvironmentVariable(WorkerOptions.Section, member);
}
