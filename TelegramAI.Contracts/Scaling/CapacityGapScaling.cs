namespace TelegramAI.Contracts.Scaling;

/// <summary>
/// The worker group's scaling policies in production: target tracking's own rule, desired = ceil(jobs waiting /
/// BacklogPerInstanceTarget), applied on every one-minute datapoint in both directions through two step policies on
/// the MetricSender's <see cref="ScalingMetric.CapacityGapMetricName"/> (that capacity minus the desired one).
/// Plain target tracking applies the same rule, but only after 3 datapoints above the target and 15 under 90% of it;
/// the scaling simulator shows what those delays cost (<c>TelegramAI.Benchmarks -- scaling</c>). Scaling in at once is
/// safe because a busy worker is protected from scale-in: the group takes idle and booting instances, and each busy
/// worker leaves when it finds the queue empty. The template and the simulator both read these values.
/// </summary>
public static class CapacityGapScaling
{
    /// <summary>The datapoint's statistic: the minute's largest gap, so scaling out sees the deepest queue and scaling in the least slack.</summary>
    public const string Statistic = "Maximum";

    public const int PeriodSeconds = 60;

    /// <summary>Both alarms act on one datapoint: each minute's capacity is set from that minute.</summary>
    public const int DatapointsToAlarm = 1;

    /// <summary>The scale-out alarm: gap &gt;= 1 (GreaterThanOrEqualToThreshold), the group is short of an instance or more.</summary>
    public const double ScaleOutThreshold = 1;

    /// <summary>The scale-in alarm: gap &lt; 0 (LessThanThreshold), the group has more than the backlog needs.</summary>
    public const double ScaleInThreshold = 0;

    /// <summary>
    /// Zero: the metric counts booting instances already (it is measured against the desired capacity), so Auto
    /// Scaling must not hold them back again, nor block scaling in while they boot.
    /// </summary>
    public const int EstimatedInstanceWarmupSeconds = 0;

    /// <summary>Gaps at which a step starts; each step closes the smallest gap in it (AWS allows 20 steps a policy).</summary>
    private static readonly int[] StepStarts = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150, 200];

    /// <summary>
    /// Gap g in [start, next start) adds start instances: at least three quarters of the gap, the rest on the next
    /// minute, so a momentary spike of the metric never adds more than the backlog needs. Bounds are relative to
    /// <see cref="ScaleOutThreshold"/>.
    /// </summary>
    public static IReadOnlyList<StepAdjustment> ScaleOutSteps { get; } = [.. StepStarts.Select((start, i) => new StepAdjustment(
        start - ScaleOutThreshold,
        i + 1 < StepStarts.Length ? StepStarts[i + 1] - ScaleOutThreshold : null,
        start))];

    /// <summary>Gap -g with g in [start, next start) removes start instances. Bounds are relative to <see cref="ScaleInThreshold"/>.</summary>
    public static IReadOnlyList<StepAdjustment> ScaleInSteps { get; } = [.. StepStarts.Select((start, i) => new StepAdjustment(
        i + 1 < StepStarts.Length ? ScaleInThreshold - StepStarts[i + 1] : null,
        ScaleInThreshold - start,
        -start))];
}
