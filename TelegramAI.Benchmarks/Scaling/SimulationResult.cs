namespace TelegramAI.Benchmarks.Scaling;

/// <summary>What one policy cost on one day, and what users waited.</summary>
/// <param name="InstanceSeconds">Every instance from launch to termination, boot included.</param>
/// <param name="Waits">Each job's wait from its request to the start of its first attempt, in seconds.</param>
/// <param name="Lost">Jobs never finished: moved to the dead-letter queue after their attempts, or still waiting when the model stopped.</param>
/// <param name="Interrupted">Attempts cut short by scale-in (only without scale-in protection).</param>
/// <param name="PeakInstances">Most instances alive at once.</param>
/// <param name="Launches">Instances launched over the day.</param>
public sealed record SimulationResult(double InstanceSeconds, double[] Waits, int Lost, int Interrupted, int PeakInstances, int Launches)
{
    public double InstanceMinutes => InstanceSeconds / 60;

    /// <summary>The wait below which <paramref name="fraction"/> of the jobs started (nearest rank), in seconds.</summary>
    public double WaitPercentile(double fraction) => Percentile(Waits, fraction);

    public static double Percentile(double[] values, double fraction)
    {
        if (values.Length == 0)
            return 0;
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
