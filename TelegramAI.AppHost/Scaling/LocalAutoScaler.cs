using Amazon.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TelegramAI.AppHost.Run;
using TelegramAI.AppHost.View;
using TelegramAI.Aws.AutoScaling;
using TelegramAI.Aws.AutoScaling.Model;
using TelegramAI.Aws.CloudWatch;
using TelegramAI.Aws.CloudWatch.Model;
using TelegramAI.Aws.Runtime;
using TelegramAI.Contracts.Scaling;

namespace TelegramAI.AppHost.Scaling;

/// <summary>
/// Does locally what the template's target-tracking policy does in AWS, which no emulator evaluates: reads
/// <see cref="ScalingMetric"/> back from the emulator's CloudWatch (as the MetricSender published it), applies
/// <see cref="TargetTracking"/>, writes the capacity to the emulator's Auto Scaling group and makes the
/// worker pool match it.
/// </summary>
public sealed class LocalAutoScaler(AppModel model, HostConsole console, HttpClient http, IOptions<AppHostOptions> options, TimeProvider time) : BackgroundService
{
    private readonly AppHostOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        RunningSystem system;
        try
        {
            system = await model.Ready.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var rule = new TargetTracking(_options.BacklogPerInstanceTarget, _options.MinWorkers, _options.MaxWorkers, _options.ScaleInCooldown);
        var autoScaling = new AutoScalingClient(http, system.Aws);
        var cloudWatch = new CloudWatchClient(http, system.Aws);
        var group = system.Stack.WorkerGroup;
        ScaleInPending? pending = null;
        DateTimeOffset? lastDatapoint = null;

        using var timer = new PeriodicTimer(_options.ScalingInterval, time);
        try
        {
            do
            {
                try
                {
                    var current = (await autoScaling.DescribeAutoScalingGroupsAsync(
                        new DescribeAutoScalingGroupsRequest { AutoScalingGroupNames = [group] }, stoppingToken)).AutoScalingGroups.Single().DesiredCapacity;

                    var latest = await LatestDatapointAsync(cloudWatch, group, stoppingToken);
                    double? fresh = null;
                    if (latest is { Average: { } value } && (lastDatapoint is null || latest.TimestampUtc > lastDatapoint))
                    {
                        // Each datapoint is evaluated once: after a scale-out the old one would ask for more again.
                        lastDatapoint = latest.TimestampUtc;
                        fresh = value;
                        model.Scaling = model.Scaling with { BacklogPerInstance = value, MetricTime = latest.TimestampUtc };
                        console.Event(HostEvent.Metric(value));
                    }

                    var decision = rule.Decide(current, fresh, time.GetUtcNow(), pending);
                    pending = decision.Pending;
                    if (decision.Desired != current)
                    {
                        console.Event($"autoscaler {current} -> {decision.Desired} workers: {decision.Reason}");
                        await autoScaling.SetDesiredCapacityAsync(
                            new SetDesiredCapacityRequest { AutoScalingGroupName = group, DesiredCapacity = decision.Desired }, stoppingToken);
                    }

                    await system.Workers.ScaleToAsync(decision.Desired, stoppingToken);
                }
                catch (Exception e) when (e is AmazonServiceException or HttpRequestException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
                {
                    // The emulator may be briefly busy, or a new worker failed to start: try again next tick.
                    console.Event($"autoscaler: {e.Message}");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

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
            StartTimeUtc = now - (3 * _options.MetricPeriod) - TimeSpan.FromSeconds(5),
            EndTimeUtc = now + TimeSpan.FromSeconds(1),
            Period = 1,
            Statistics = [ScalingMetric.Statistic],
        }, cancellationToken);
        return response.Datapoints.MaxBy(datapoint => datapoint.TimestampUtc);
    }
}
