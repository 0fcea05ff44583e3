using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TelegramAI.Aws.AutoScaling;
using SetInstanceHealthRequest = TelegramAI.Aws.AutoScaling.Model.SetInstanceHealthRequest;
using InstanceHealth = TelegramAI.Aws.AutoScaling.Model.HealthStatus;

namespace TelegramAI.Worker.Scaling;

/// <summary>
/// A worker that stays unhealthy (its own <c>/health</c> checks, for <c>AutoScaling__UnhealthyAfter</c>) reports its
/// instance Unhealthy to its group (SetInstanceHealth), which terminates and replaces it; the termination lifecycle
/// hook releases its jobs first. Without this a hung worker would hold its place in the group for ever, since EC2's
/// own status checks see a running instance. A process too far gone to run this is caught by the host: its
/// container's health check fails and a watchdog in the user data reports the instance the same way.
/// </summary>
public sealed class UnhealthyReporter(
    WorkerInstance instance,
    HealthCheckService health,
    IAutoScalingClient autoScaling,
    IOptions<AutoScalingOptions> options,
    TimeProvider time,
    ILogger<UnhealthyReporter> logger) : BackgroundService
{
    private static readonly TimeSpan MostBetweenChecks = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (await instance.ResolvedOrNullAsync() is not { } member)
            return;

        var after = options.Value.UnhealthyAfter;
        var interval = after / 4 < MostBetweenChecks ? after / 4 : MostBetweenChecks;
        long? unhealthySince = null;
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var report = await health.CheckHealthAsync(stoppingToken);
                if (report.Status != HealthStatus.Unhealthy)
                {
                    unhealthySince = null;
                    continue;
                }

                unhealthySince ??= time.GetTimestamp();
                if (time.GetElapsedTime(unhealthySince.Value) < after)
                    continue;

                var why = string.Join("; ", report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).Select(e => $"{e.Key}: {e.Value.Description}"));
                if (await ReportAsync(member, why, stoppingToken))
                    return;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task<bool> ReportAsync(GroupMember member, string why, CancellationToken stoppingToken)
    {
        try
        {
            await autoScaling.SetInstanceHealthAsync(new SetInstanceHealthRequest
            {
                InstanceId = member.InstanceId,
                HealthStatus = InstanceHealth.Unhealthy,
                // The grace period is for booting instances; one that has worked and hung must go now.
                ShouldRespectGracePeriod = false,
            }, stoppingToken);
            logger.LogError("Unhealthy for {After}: instance {InstanceId} reported Unhealthy to {Group}, which replaces it ({Why})",
                options.Value.UnhealthyAfter, member.InstanceId, member.GroupName, why);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not report the instance unhealthy; trying again");
            return false;
        }
    }
}
