using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TelegramAI.Aws.AutoScaling;
using TelegramAI.Aws.AutoScaling.Model;

namespace TelegramAI.Worker.Scaling;

/// <summary>
/// Watches for the group terminating this instance (scale-in of an idle worker, an unhealthy instance, a Spot
/// interruption, an instance refresh) and lets no job wait out its lease because of it. Termination goes through the
/// group's termination lifecycle hook, which holds the instance in Terminating:Wait; the instance metadata service
/// then reports the target lifecycle state Terminated. The worker polls that state: no extra infrastructure (an
/// EventBridge rule and queue per group), no permission, and the instance learns of its own termination only. On
/// seeing it, the worker stops receiving, releases every job it holds at once (visibility 0, so another worker takes
/// it now), and completes the lifecycle action so the termination goes on without waiting for the hook's timeout.
/// A Spot interruption notice (<c>/latest/meta-data/spot/instance-action</c>) releases the jobs the same way.
/// </summary>
public sealed class TerminationWatch(
    WorkerInstance instance,
    InstanceMetadata metadata,
    InstanceTermination termination,
    IAutoScalingClient autoScaling,
    IOptions<AutoScalingOptions> options,
    TimeProvider time,
    ILogger<TerminationWatch> logger) : BackgroundService
{
    /// <summary>How long the release may take before the lifecycle action is completed anyway.</summary>
    private static readonly TimeSpan ReleaseLimit = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A release still going on after this long records a heartbeat, so the hook (120 s heartbeat timeout in the
    /// template) does not end the wait before the jobs are back in the queue.
    /// </summary>
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (await instance.ResolvedOrNullAsync() is not { } member)
            return;
        if (string.IsNullOrWhiteSpace(settings.TerminationHookName))
            logger.LogWarning("{Key} is unset: a terminated worker releases its jobs but completes no lifecycle action", "AutoScaling__TerminationHookName");

        try
        {
            var reason = await WaitForTerminationAsync(settings.LifecyclePollInterval, stoppingToken);
            logger.LogWarning("The group is terminating this instance ({Reason}): releasing its jobs for other workers", reason);
            termination.Begin();
            var hook = reason == SpotInterruption ? null : settings.TerminationHookName;
            await WaitForReleaseAsync(member, hook, stoppingToken);
            if (!string.IsNullOrWhiteSpace(hook))
                await CompleteAsync(member, hook, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The worker is stopping anyway.
        }
    }

    private const string SpotInterruption = "Spot interruption notice";

    private async Task<string> WaitForTerminationAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                if (await metadata.TargetLifecycleStateAsync() == InstanceMetadata.Terminated)
                    return "target lifecycle state Terminated";
                if (await metadata.SpotInstanceActionAsync() is not null)
                    return SpotInterruption;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Could not read the target lifecycle state; trying again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));

        throw new OperationCanceledException(stoppingToken);
    }

    private async Task WaitForReleaseAsync(GroupMember member, string? hook, CancellationToken stoppingToken)
    {
        var started = time.GetTimestamp();
        while (!termination.JobsReleased.IsCompleted && time.GetElapsedTime(started) < ReleaseLimit)
        {
            await termination.JobsReleased.WaitAsync(HeartbeatInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            stoppingToken.ThrowIfCancellationRequested();
            if (termination.JobsReleased.IsCompleted || string.IsNullOrWhiteSpace(hook))
                continue;

            try
            {
                await autoScaling.RecordLifecycleActionHeartbeatAsync(new RecordLifecycleActionHeartbeatRequest
                {
                    AutoScalingGroupName = member.GroupName,
                    LifecycleHookName = hook,
                    InstanceId = member.InstanceId,
                }, stoppingToken);
                logger.LogInformation("Still releasing jobs: lifecycle action heartbeat recorded");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not record a lifecycle action heartbeat");
            }
        }
    }

    private async Task CompleteAsync(GroupMember member, string hook, CancellationToken stoppingToken)
    {
        try
        {
            await autoScaling.CompleteLifecycleActionAsync(new CompleteLifecycleActionRequest
            {
                AutoScalingGroupName = member.GroupName,
                LifecycleHookName = hook,
                InstanceId = member.InstanceId,
                LifecycleActionResult = LifecycleActionResult.Continue,
            }, stoppingToken);
            logger.LogInformation("Jobs released; lifecycle action of {Hook} completed, the instance terminates", hook);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The hook's own timeout (and its default result, CONTINUE) ends the wait instead.
            logger.LogWarning(e, "Could not complete the lifecycle action of {Hook}; the hook's timeout ends it", hook);
        }
    }
}
