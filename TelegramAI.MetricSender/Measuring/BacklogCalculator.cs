namespace TelegramAI.MetricSender.Measuring;

/// <summary>The number target tracking steers: how many waiting messages each instance of a group has.</summary>
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
}
