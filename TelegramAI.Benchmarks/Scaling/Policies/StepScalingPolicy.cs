using TelegramAI.Contracts.Scaling;

namespace TelegramAI.Benchmarks.Scaling.Policies;

/// <summary>
/// A step scaling policy behind a CloudWatch alarm (GreaterThanOrEqualToThreshold when it scales out, LessThanThreshold
/// when it scales in): the alarm goes off when <paramref name="datapointsToAlarm"/>
/// datapoints in a row breach its threshold, and while it is on, each datapoint changes the capacity by the step its
/// breach falls in. Scaling out counts instances still warming up as added already (it adds to the warmed-up
/// capacity, never below the desired one); scaling in waits until none is warming up (EC2 Auto Scaling User Guide,
/// "Step and simple scaling policies").
/// </summary>
public sealed class StepScalingPolicy(
    Func<MinuteOfSamples, double> datapoint,
    bool scalesOut,
    double threshold,
    int datapointsToAlarm,
    IReadOnlyList<StepAdjustment> steps,
    TimeSpan warmup) : ISimulatedPolicy
{
    private int _breaching;

    public TimeSpan Warmup => warmup;

    public int? Evaluate(GroupCapacity group, MinuteOfSamples minute)
    {
        var value = datapoint(minute);
        _breaching = (scalesOut ? value >= threshold : value < threshold) ? _breaching + 1 : 0;
        if (_breaching < datapointsToAlarm)
            return null;

        var adjustment = StepAdjustment.For(steps, value - threshold);
        if (adjustment > 0)
            return Math.Max(group.Desired, group.WarmedUp + adjustment);
        if (adjustment < 0 && !group.IsWarmingUp)
            return group.Desired + adjustment;
        return null;
    }
}
