using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using TelegramAI.AppHost.Stack;
using TelegramAI.Aws.AutoScaling;
using TelegramAI.Aws.AutoScaling.Model;
using TelegramAI.Aws.CloudWatch;
using TelegramAI.Aws.CloudWatch.Model;
using TelegramAI.Aws.Runtime;
using TelegramAI.Contracts.Scaling;

namespace TelegramAI.AppHost.Workers;

/// <summary>
/// Does locally what the template's scaling policies do in AWS, which no emulator evaluates: reads
/// <see cref="ScalingMetric"/> back from the emulator's CloudWatch (as the MetricSender published it),
/// applies <see cref="TargetTracking"/>'s rule, desired = ceil(jobs waiting / target), with production's target
/// (the template's step policies on CapacityGap set the same desired capacity, see <see cref="CapacityGapScaling"/>;
/// only the scale-in wait is local, <c>AppHost__ScaleInCooldown</c>), writes the desired
/// capacity to the emulator's Auto Scaling group, and starts or stops worker resources to match it with
/// Aspire's start and stop commands. Stopping sends SIGTERM, so a worker hands its job back.
/// </summary>
public sealed class LocalAutoScaler(
    WorkerPoolResource pool,
    ProductionStackResource stack,
    LocalRunOptions local,
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    ResourceLoggerService loggers,
    IConfiguration configuration,
    TimeProvider time) : BackgroundService
{
    private static readonly string[] DownStates =
        [KnownResourceStates.NotStarted, KnownResourceStates.Stopping, KnownResourceStates.Exited, KnownResourceStates.Finished, KnownResourceStates.FailedToStart];

    private readonly ILogger _log = loggers.GetLogger(pool);
    private readonly List<Task> _stopping = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The AppHost is stopping; DCP stops the workers.
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var outputs = await stack.Outputs.WaitAsync(stoppingToken);
        var settings = await stack.Aws.ClientSettingsAsync(configuration, stoppingToken);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var autoScaling = new AutoScalingClient(http, settings);
        var cloudWatch = new CloudWatchClient(http, settings);
        var rule = LocalRule(local);
        await notifications.PublishUpdateAsync(pool, state => state with
        {
            State = KnownResourceStates.Running,
            StartTimeStamp = DateTime.UtcNow,
            Properties = [.. state.Properties, new("workers.group", outputs.WorkerGroup), new("workers.target", local.BacklogPerInstanceTarget)],
        });

        var alarms = default(TrackingAlarms);
        DateTimeOffset? lastDatapoint = null;
        using var timer = new PeriodicTimer(local.ScalingInterval, time);
        do
        {
            try
            {
                var current = (await autoScaling.DescribeAutoScalingGroupsAsync(
                    new DescribeAutoScalingGroupsRequest { AutoScalingGroupNames = [outputs.WorkerGroup] }, stoppingToken)).AutoScalingGroups.Single().DesiredCapacity;

                var latest = await LatestDatapointAsync(cloudWatch, outputs.WorkerGroup, stoppingToken);
                var decision = new ScalingDecision(Math.Clamp(current, rule.Min, rule.Max), alarms, "no new datapoint");
                if (latest is { Average: { } value } && (lastDatapoint is null || latest.TimestampUtc > lastDatapoint))
                {
                    // Each datapoint is evaluated once, as an alarm evaluates each period once: after a scale-out
                    // the old one would ask for more again. Local workers take work as soon as they run.
                    lastDatapoint = latest.TimestampUtc;
                    decision = rule.Decide(GroupCapacity.Ready(current), value, alarms);
                    alarms = decision.Alarms;
                }

                if (decision.Desired != current)
                {
                    _log.LogInformation("Desired capacity {Current} -> {Desired}: {Reason}", current, decision.Desired, decision.Reason);
                    await autoScaling.SetDesiredCapacityAsync(
                        new SetDesiredCapacityRequest { AutoScalingGroupName = outputs.WorkerGroup, DesiredCapacity = decision.Desired }, stoppingToken);
                }

                var running = await MatchAsync(decision.Desired, stoppingToken);
                await notifications.PublishUpdateAsync(pool, state => state with
                {
                    Properties = state.Properties
                        .Where(property => property.Name is not ("workers.desired" or "workers.running" or "metric.backlogPerInstance"))
                        .Append(new("workers.desired", decision.Desired))
                        .Append(new("workers.running", running))
                        .Append(new("metric.backlogPerInstance", latest?.Average?.ToString("0.###", CultureInfo.InvariantCulture) ?? "none yet"))
                        .ToImmutableArray(),
                });
            }
            catch (Exception e) when (e is AwsServiceException or HttpRequestException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                // The emulator may be briefly busy, or a worker failed to start: try again on the next tick.
                _log.LogWarning("Scaling skipped this time: {Error}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>
    /// The production rule at the local pace: every datapoint over the target scales out at once (the MetricSender
    /// publishes every <see cref="LocalRunOptions.MetricPeriod"/> here, not every minute), and scaling in takes as many
    /// datapoints under the threshold as fit in <see cref="LocalRunOptions.ScaleInCooldown"/>.
    /// </summary>
    internal static TargetTracking LocalRule(LocalRunOptions local) => new(local.BacklogPerInstanceTarget, local.MinWorkers, local.MaxWorkers)
    {
        ScaleOutDatapoints = 1,
        ScaleInDatapoints = Math.Max(1, (int)Math.Ceiling(local.ScaleInCooldown / local.MetricPeriod)),
    };

    /// <summary>Starts the first workers that are down, or stops the last that are up, until <paramref name="desired"/> are up.</summary>
    private async Task<int> MatchAsync(int desired, CancellationToken cancellationToken)
    {
        var up = pool.Workers.Where(IsUp).ToList();
        foreach (var worker in pool.Workers.Where(worker => !IsUp(worker)).Take(Math.Max(desired - up.Count, 0)))
        {
            _log.LogInformation("Starting {Worker}", worker.Name);
            var result = await commands.ExecuteCommandAsync(worker, KnownResourceCommands.StartCommand, cancellationToken);
            if (!result.Success)
            {
                throw new InvalidOperationException($"{worker.Name} did not start: {result.Message}");
            }

            up.Add(worker);
        }

        foreach (var worker in up.AsEnumerable().Reverse().Take(Math.Max(up.Count - desired, 0)).ToList())
        {
            // Not awaited: the worker takes up to its grace to hand back its job, and scaling goes on meanwhile.
            _log.LogInformation("Stopping {Worker}", worker.Name);
            _stopping.RemoveAll(task => task.IsCompleted);
            _stopping.Add(StopWorkerAsync(worker));
            up.Remove(worker);
        }

        return up.Count;
    }

    private async Task StopWorkerAsync(ExecutableResource worker)
    {
        var result = await commands.ExecuteCommandAsync(worker, KnownResourceCommands.StopCommand, CancellationToken.None);
        if (!result.Success)
        {
            _log.LogWarning("{Worker} did not stop cleanly: {Error}", worker.Name, result.Message);
        }
    }

    private bool IsUp(ExecutableResource worker) =>
        !notifications.TryGetCurrentState(worker.Name, out var current)
        || current.Snapshot.State?.Text is not { } state
        || !DownStates.Contains(state, StringComparer.Ordinal);

    /// <summary>
    /// The newest datapoint at one-second period: the MetricSender publishes at high resolution locally,
    /// so each of its samples comes back on its own instead of averaged with an older one.
    /// </summary>
    private async Task<Datapoint?> LatestDatapointAsync(ICloudWatchClient cloudWatch, string group, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var response = await cloudWatch.GetMetricStatisticsAsync(new GetMetricStatisticsRequest
        {
            Namespace = ScalingMetric.DefaultNamespace,
            MetricName = ScalingMetric.DefaultMetricName,
            Dimensions = [new Dimension { Name = ScalingMetric.DimensionName, Value = group }],
            StartTimeUtc = now - (3 * local.MetricPeriod) - TimeSpan.FromSeconds(5),
            EndTimeUtc = now + TimeSpan.FromSeconds(1),
            Period = 1,
            Statistics = [ScalingMetric.Statistic],
        }, cancellationToken);
        return response.Datapoints.MaxBy(datapoint => datapoint.TimestampUtc);
    }
}
