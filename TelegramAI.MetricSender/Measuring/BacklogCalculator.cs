using TelegramAI.Contracts.Scaling;

namespace TelegramAI.MetricSender.Measuring;

/// <summary>The numbers the worker group scales on, from one measurement of its queue and its capacity.</summary>
public static class BacklogCalculator
{
    /// <summary>
    /// Messages divided by capacity. A group at zero capacity gets the message count itself, not a
    /// division by zero: any backlog is then above the target, so target tracking scales out from
    /// zero, and an empty queue reads 0, so it stays there.
    /// </summary>
    public static double BacklogPerInstance(long messages, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(messages);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        return capacity == 0 ? messages : (double)messages / capacity;
    }

    /// <summary>
    /// The capacity target tracking's rule asks for (<see cref="TargetTracking.CapacityFor"/>: ceil(messages /
    /// target)) minus the capacity the group has. Positive: the group is short of that many instances. Negative:
    /// the backlog needs that many fewer, and the template's scale-in policy lowers the desired capacity at once,
    /// which is safe because busy workers are protected from scale-in: each leaves only when it finds the queue empty.
    /// </summary>
    public static int CapacityGap(long messages, int capacity, double backlogPerInstanceTarget) =>
        TargetTracking.CapacityFor(capacity, BacklogPerInstance(messages, capacity), backlogPerInstanceTarget) - capacity;
}
