namespace TelegramAI.Contracts.Scaling;

/// <summary>
/// One step of a step scaling policy, as AWS::AutoScaling::ScalingPolicy's StepAdjustment: when the alarm's datapoint
/// minus its threshold (the breach) falls between the bounds, the capacity changes by <see cref="ScalingAdjustment"/>
/// instances (AdjustmentType ChangeInCapacity). A null bound is open (minus or plus infinity).
/// </summary>
public sealed record StepAdjustment(double? MetricIntervalLowerBound, double? MetricIntervalUpperBound, int ScalingAdjustment)
{
    /// <summary>
    /// Whether the breach falls in this step. Above the threshold the lower bound is inclusive and the upper
    /// exclusive; below it the lower bound is exclusive and the upper inclusive (EC2 Auto Scaling API Reference,
    /// StepAdjustment).
    /// </summary>
    public bool Contains(double breach) => breach >= 0
        ? (MetricIntervalLowerBound is not { } low || breach >= low) && (MetricIntervalUpperBound is not { } high || breach < high)
        : (MetricIntervalLowerBound is not { } lower || breach > lower) && (MetricIntervalUpperBound is not { } upper || breach <= upper);

    /// <summary>The adjustment of the step the breach falls in, or 0 when none does.</summary>
    public static int For(IEnumerable<StepAdjustment> steps, double breach) =>
        steps.FirstOrDefault(step => step.Contains(breach))?.ScalingAdjustment ?? 0;
}
