namespace TelegramAI.Contracts.Scaling;

/// <summary>How many of a group's instances count when a policy decides.</summary>
/// <param name="Desired">The group's desired capacity now.</param>
/// <param name="WarmedUp">
/// Instances past their warm-up. Auto Scaling leaves instances that are still warming up out of the current
/// capacity while it scales out, and scales in only when none is warming up.
/// </param>
public readonly record struct GroupCapacity(int Desired, int WarmedUp)
{
    public bool IsWarmingUp => WarmedUp < Desired;

    /// <summary>A group whose instances take work as soon as they run (the local worker pool).</summary>
    public static GroupCapacity Ready(int desired) => new(desired, desired);
}

/// <summary>The state of a target-tracking policy's two alarms: consecutive datapoints above the target and under the scale-in threshold.</summary>
public readonly record struct TrackingAlarms(int Above, int Below);

/// <param name="Desired">The capacity to set now.</param>
public sealed record ScalingDecision(int Desired, TrackingAlarms Alarms, string Reason);

/// <summary>
/// Target tracking as EC2 Auto Scaling applies it (Amazon EC2 Auto Scaling User Guide, "Target tracking scaling
/// policies"), one datapoint at a time. Auto Scaling creates two alarms for the policy: the high alarm goes off after
/// <see cref="ScaleOutDatapoints"/> consecutive datapoints above the target (3 of one minute each), the low alarm
/// after <see cref="ScaleInDatapoints"/> consecutive datapoints under <see cref="ScaleInThreshold"/> x the target
/// (15 under 90% of it). While an alarm is on, each datapoint moves the capacity proportionally:
/// desired = ceil(capacity x metric / target), within min..max: rounded up both ways, so it never adds too few
/// nor removes too many. Scaling out leaves instances that are still warming up out of the capacity (so
/// it does not add them twice); scaling in waits until none is warming up.
/// The AppHost's local autoscaler and the scaling simulator both decide with this one rule.
/// </summary>
public sealed record TargetTracking(double Target, int Min, int Max)
{
    /// <summary>The high alarm's evaluation periods in AWS: three one-minute datapoints.</summary>
    public const int AwsScaleOutDatapoints = 3;

    /// <summary>The low alarm's evaluation periods in AWS: fifteen one-minute datapoints.</summary>
    public const int AwsScaleInDatapoints = 15;

    /// <summary>The low alarm's threshold as a share of the target in AWS, so the group does not flap around it.</summary>
    public const double AwsScaleInThreshold = 0.9;

    public int ScaleOutDatapoints { get; init; } = AwsScaleOutDatapoints;

    public int ScaleInDatapoints { get; init; } = AwsScaleInDatapoints;

    public double ScaleInThreshold { get; init; } = AwsScaleInThreshold;

    /// <summary>Counts one more datapoint into the alarms: a datapoint that does not breach an alarm resets it.</summary>
    public TrackingAlarms Observe(TrackingAlarms alarms, double datapoint) => new(
        datapoint > Target ? alarms.Above + 1 : 0,
        datapoint < ScaleInThreshold * Target ? alarms.Below + 1 : 0);

    /// <summary>Evaluates one new datapoint of the metric against the group as it is now.</summary>
    /// <param name="alarms">The alarms before this datapoint (default for a new policy).</param>
    public ScalingDecision Decide(GroupCapacity group, double datapoint, TrackingAlarms alarms)
    {
        alarms = Observe(alarms, datapoint);
        var bounded = Math.Clamp(group.Desired, Min, Max);
        if (bounded != group.Desired)
        {
            return new ScalingDecision(bounded, alarms, $"capacity {group.Desired} is outside {Min}..{Max}");
        }

        if (alarms.Above >= ScaleOutDatapoints)
        {
            var proposed = Proportional(group.WarmedUp, datapoint);
            return proposed > group.Desired
                ? new ScalingDecision(proposed, alarms, $"metric {datapoint:0.##} over target {Target:0.##}")
                : new ScalingDecision(group.Desired, alarms, "over target, with enough capacity on its way");
        }

        if (alarms.Below >= ScaleInDatapoints)
        {
            if (group.IsWarmingUp)
            {
                return new ScalingDecision(group.Desired, alarms, "under target, but instances are warming up");
            }

            var proposed = Proportional(group.Desired, datapoint);
            return proposed < group.Desired
                ? new ScalingDecision(proposed, alarms, $"metric {datapoint:0.##} under target {Target:0.##} for {ScaleInDatapoints} datapoints")
                : new ScalingDecision(group.Desired, alarms, "under target, at the least capacity that keeps it");
        }

        return new ScalingDecision(group.Desired, alarms, "within the alarms");
    }

    /// <summary>ceil(capacity x metric / target) within min..max: see <see cref="CapacityFor"/>.</summary>
    public int Proportional(int capacity, double metric) => Math.Clamp(CapacityFor(capacity, metric, Target), Min, Max);

    /// <summary>
    /// The rule itself: the capacity that brings the metric to the target, ceil(capacity x metric / target), with no
    /// bounds. With no capacity the metric is the whole backlog (nobody shares it), so the capacity counts as one:
    /// otherwise nothing could ever scale out from zero. For BacklogPerInstance (waiting / capacity) it is
    /// ceil(waiting / target), whatever the capacity.
    /// </summary>
    public static int CapacityFor(int capacity, double metric, double target)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(target);
        var exact = Math.Max(capacity, 1) * Math.Max(metric, 0) / target;

        // A hair of tolerance so 30 / 10 is 3 instances, not 4 from a rounding error.
        return (int)Math.Min(Math.Ceiling(exact - 1e-9), int.MaxValue);
    }
}
