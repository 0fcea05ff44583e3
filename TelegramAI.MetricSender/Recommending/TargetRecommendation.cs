namespace TelegramAI.MetricSender.Recommending;

/// <summary>
/// AWS's formula for the backlog per instance a target-tracking policy on an SQS queue should keep (EC2 Auto Scaling
/// User Guide, "Scaling based on Amazon SQS"): acceptable backlog per instance = acceptable latency / average time an
/// instance takes per message. A worker running several jobs at once takes that many times as many. Rounded down, so
/// a job at the back of a worker's share still starts within the latency; never below 1.
/// </summary>
public static class TargetRecommendation
{
    /// <summary>The exact quotient, before rounding.</summary>
    public static double Exact(TimeSpan acceptableLatency, TimeSpan averageProcessingTime, int jobsPerWorker)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(averageProcessingTime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(jobsPerWorker);
        return acceptableLatency / averageProcessingTime * jobsPerWorker;
    }

    public static int BacklogPerInstanceTarget(TimeSpan acceptableLatency, TimeSpan averageProcessingTime, int jobsPerWorker) =>
        (int)Math.Max(1, Math.Floor(Exact(acceptableLatency, averageProcessingTime, jobsPerWorker) + 1e-9));
}
