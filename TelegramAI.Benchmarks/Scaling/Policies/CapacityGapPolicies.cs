using TelegramAI.Contracts.Scaling;
using TelegramAI.MetricSender.Measuring;

namespace TelegramAI.Benchmarks.Scaling.Policies;

/// <summary>
/// The template's two step policies on CapacityGap (<see cref="CapacityGapScaling"/>), on the metric as the
/// MetricSender computes it (<see cref="BacklogCalculator.CapacityGap"/>) and CloudWatch aggregates it (the minute's Maximum).
/// </summary>
public static class CapacityGapPolicies
{
    public static ISimulatedPolicy[] Create(double backlogPerInstanceTarget)
    {
        double Datapoint(MinuteOfSamples minute) =>
            minute.Maximum(sample => BacklogCalculator.CapacityGap(sample.Messages, sample.Capacity, backlogPerInstanceTarget));

        var warmup = TimeSpan.FromSeconds(CapacityGapScaling.EstimatedInstanceWarmupSeconds);
        return
        [
            new StepScalingPolicy(Datapoint, scalesOut: true, CapacityGapScaling.ScaleOutThreshold, CapacityGapScaling.DatapointsToAlarm, CapacityGapScaling.ScaleOutSteps, warmup),
            new StepScalingPolicy(Datapoint, scalesOut: false, CapacityGapScaling.ScaleInThreshold, CapacityGapScaling.DatapointsToAlarm, CapacityGapScaling.ScaleInSteps, warmup),
        ];
    }
}
