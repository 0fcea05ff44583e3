namespace TelegramAI.Contracts.Scaling;

/// <summary>
/// The one definition of the scaling metric: the MetricSender publishes it and the
/// production template's target-tracking policy reads it, so the two cannot disagree.
/// </summary>
public static class ScalingMetric
{
    public const string DefaultNamespace = "TelegramAI";
    public const string DefaultMetricName = "BacklogPerInstance";
    public const string DimensionName = "AutoScalingGroupName";
    public const string Statistic = "Average";
    public const string Unit = "None";

    /// <summary>The raw inputs, published beside the metric for dashboards.</summary>
    public const string MessagesMetricName = "ApproximateNumberOfMessages";
    public const string CapacityMetricName = "WorkerCapacity";

    /// <summary>
    /// The capacity the backlog needs at the group's target (ceil(waiting / target)) minus the desired capacity, in
    /// instances (<see cref="CapacityGapScaling"/>'s policies act on it).
    /// </summary>
    public const string CapacityGapMetricName = "CapacityGap";
}
