using Microsoft.Extensions.Options;
using TelegramAI.Aws.CloudWatch;
using TelegramAI.Aws.CloudWatch.Model;
using TelegramAI.MetricSender.Configuration;
using TelegramAI.MetricSender.Health;
using TelegramAI.MetricSender.Measuring;
using TelegramAI.MetricSender.Telemetry;

namespace TelegramAI.MetricSender.Publishing;

/// <summary>
/// One period's work: measure every target at once, then publish all their datums in one
/// PutMetricData request. The whole cycle fits in one period: measuring may use the first half
/// (the clients retry transient errors within it), publishing what was measured the rest, so a
/// slow AWS delays a period's datums but never makes cycles pile up.
/// </summary>
public sealed partial class MetricCycle(
    TargetProbe probe,
    ICloudWatchClient cloudWatch,
    IOptions<ScalingOptions> options,
    PublishingHealthCheck health,
    ScalingGauges gauges,
    TimeProvider time,
    ILogger<MetricCycle> logger)
{
    public async Task<CycleResult> RunAsync(CancellationToken cancellationToken)
    {
        var scaling = options.Value;
        using var cycleDeadline = new CancellationTokenSource(scaling.Period, time);
        using var measuringDeadline = new CancellationTokenSource(scaling.Period / 2, time);
        using var cycle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cycleDeadline.Token);
        using var measuring = CancellationTokenSource.CreateLinkedTokenSource(cycle.Token, measuringDeadline.Token);

        var results = await Task.WhenAll(scaling.Targets.Select((target, index) => probe.MeasureAsync(target, index, measuring.Token)));
        cancellationToken.ThrowIfCancellationRequested();

        var measured = results.OfType<TargetMeasurement>().ToList();
        var skipped = scaling.Targets.Where((_, index) => results[index] is null).Select(target => target.AutoScalingGroup).ToList();
        foreach (var measurement in measured)
        {
            gauges.Record(measurement);
        }

        var published = measured.Count > 0 && await PublishAsync(measured, scaling, cycle.Token, cancellationToken);
        return new CycleResult(measured, skipped, published);
    }

    private async Task<bool> PublishAsync(List<TargetMeasurement> measured, ScalingOptions scaling, CancellationToken cycle, CancellationToken stopping)
    {
        var request = new PutMetricDataRequest
        {
            Namespace = scaling.Namespace,
            MetricData = measured.SelectMany(measurement => ScalingDatums.For(measurement, scaling)).ToList(),
        };
        try
        {
            await cloudWatch.PutMetricDataAsync(request, cycle);
            health.RecordPublished(time.GetUtcNow());
            LogPublished(request.MetricData.Count, measured.Count, scaling.Namespace);
            return true;
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            LogPublishingFailed(e, request.MetricData.Count, scaling.Namespace);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Published {Datums} datums for {Targets} targets to {Namespace}")]
    private partial void LogPublished(int datums, int targets, string @namespace);

    [LoggerMessage(Level = LogLevel.Error, Message = "Publishing {Datums} datums to {Namespace} failed; this period's values are lost")]
    private partial void LogPublishingFailed(Exception exception, int datums, string @namespace);
}
