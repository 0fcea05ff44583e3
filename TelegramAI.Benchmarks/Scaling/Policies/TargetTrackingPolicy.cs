using TelegramAI.Contracts.Scaling;

namespace TelegramAI.Benchmarks.Scaling.Policies;

/// <summary>
/// The template's target-tracking policy on <c>BacklogPerInstance</c> (one-minute Average), decided by the shared
/// <see cref="TargetTracking"/> rule with AWS's alarms.
/// </summary>
public sealed class TargetTrackingPolicy(TargetTracking rule, TimeSpan warmup) : ISimulatedPolicy
{
    private TrackingAlarms _alarms;

    public TimeSpan Warmup => warmup;

    public int? Evaluate(GroupCapacity group, MinuteOfSamples minute)
    {
        var decision = rule.Decide(group, minute.Average(sample => sample.BacklogPerInstance), _alarms);
        _alarms = decision.Alarms;
        return decision.Desired == group.Desired ? null : decision.Desired;
    }
}
