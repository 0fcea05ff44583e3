using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TelegramAI.AppHost;

/// <summary>
/// Writes one line once every resource that starts with the AppHost is healthy, with the time since the
/// AppHost's process started: what a developer waits for, and what the AppHost benchmark times.
/// </summary>
public sealed class ReadinessReport(DistributedApplicationModel model, ResourceNotificationService notifications, ILogger<ReadinessReport> logger) : BackgroundService
{
    /// <summary>The start of the line, which the benchmark looks for.</summary>
    public const string Prefix = "All resources are healthy";

    /// <summary>The chat page's link text in the dashboard; its address is written out too.</summary>
    public const string ChatDisplayText = "Chat with the bot";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var waited = model.Resources
            .Where(resource => resource is not (ParameterResource or ExternalServiceResource)
                && !resource.HasAnnotationOfType<ExplicitStartupAnnotation>())
            .ToList();
        try
        {
            await Task.WhenAll(waited.Select(resource => notifications.WaitForResourceHealthyAsync(resource.Name, stoppingToken)));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        foreach (var url in waited
            .SelectMany(resource => notifications.TryGetCurrentState(resource.Name, out var current) ? current.Snapshot.Urls : [])
            .Where(url => url.DisplayProperties.DisplayName == ChatDisplayText))
        {
            logger.LogInformation("Chat with the bot at {Url}", url.Url);
        }

        using var self = Process.GetCurrentProcess();
        logger.LogInformation(
            "{Prefix} ({Count}: {Names}), {Seconds:0.0} s after the AppHost started",
            Prefix, waited.Count, string.Join(", ", waited.Select(resource => resource.Name)), (DateTime.Now - self.StartTime).TotalSeconds);
    }
}
