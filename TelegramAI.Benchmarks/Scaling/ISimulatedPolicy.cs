using TelegramAI.Contracts.Scaling;

namespace TelegramAI.Benchmarks.Scaling;

/// <summary>
/// One scaling policy of the group, as the template declares it, evaluated once a minute on that minute's
/// datapoints. It keeps its own alarm state, so each run gets a new one.
/// </summary>
public interface ISimulatedPolicy
{
    /// <summary>The policy's instance warm-up (its EstimatedInstanceWarmup).</summary>
    TimeSpan Warmup { get; }

    /// <returns>The capacity the policy sets, or null when its alarms call for nothing.</returns>
    int? Evaluate(GroupCapacity group, MinuteOfSamples minute);
}

/// <summary>A named set of policies on one group, and how Auto Scaling settles what they ask at the same time.</summary>
public sealed record SimulatedPolicies(string Name, Func<ISimulatedPolicy[]> Create)
{
    /// <summary>
    /// Auto Scaling scales out when any policy asks for more, to the largest capacity asked; otherwise it scales in
    /// to the largest of the smaller capacities asked, so availability wins (EC2 Auto Scaling User Guide,
    /// "Multiple dynamic scaling policies").
    /// </summary>
    public static int Settle(int desired, IEnumerable<int?> asked)
    {
        var actions = asked.OfType<int>().ToList();
        var outs = actions.Where(capacity => capacity > desired).ToList();
        if (outs.Count > 0)
            return outs.Max();
        var ins = actions.Where(capacity => capacity < desired).ToList();
        return ins.Count > 0 ? ins.Max() : desired;
    }
}
