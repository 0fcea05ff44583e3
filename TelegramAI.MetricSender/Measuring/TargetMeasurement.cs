using TelegramAI.MetricSender.Configuration;

namespace TelegramAI.MetricSender.Measuring;

/// <summary>One target's numbers at one instant.</summary>
/// <param name="Messages">The backlog counted: visible messages, plus those in flight when the target counts them.</param>
/// <param name="Capacity">The group's desired or in-service capacity, as the target chooses.</param>
/// <param name="MeasuredAt">When the answers arrived; the datums carry it as their timestamp.</param>
public sealed record TargetMeasurement(ScalingTarget Target, long Messages, int Capacity, DateTimeOffset MeasuredAt)
{
    public double BacklogPerInstance { get; } = BacklogCalculator.BacklogPerInstance(Messages, Capacity);

    /// <summary>The capacity the target's rule asks for minus the group's: what the template's step policies act on.</summary>
    public int CapacityGap { get; } = BacklogCalculator.CapacityGap(Messages, Capacity, Target.BacklogPerInstanceTarget);
}
