using TelegramAI.Contracts.Scaling;

namespace TelegramAI.Benchmarks.Scaling.Policies;

/// <summary>
/// The template's step policy for an empty group: its alarm (one datapoint of IF(capacity == 0 AND messages > 0, 1, 0)
/// on the minute's Maximum of both) adds one instance. A step policy counts instances still warming up as already
/// added, so it adds to the warmed-up capacity: at zero that is one instance, once.
/// </summary>
public sealed class ScaleOutFromZeroPolicy(TimeSpan warmup) : ISimulatedPolicy
{
    public TimeSpan Warmup => warmup;

    public int? Evaluate(GroupCapacity group, MinuteOfSamples minute)
    {
        var waitingWithoutWorkers = minute.Maximum(sample => sample.Capacity) == 0 && minute.Maximum(sample => sample.Messages) > 0;
        return waitingWithoutWorkers ? Math.Max(group.Desired, group.WarmedUp + 1) : null;
    }
}
