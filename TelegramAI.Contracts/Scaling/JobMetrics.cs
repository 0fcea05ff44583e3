namespace TelegramAI.Contracts.Scaling;

/// <summary>
/// The measured inputs of the scaling target, which every worker publishes to CloudWatch: how long a job keeps a
/// worker busy, and how long it waited in the queue first. <c>BacklogPerInstanceTarget</c> = acceptable wait /
/// average processing time (AWS's formula); the MetricSender's <c>recommend</c> command reads both.
/// </summary>
public static class JobMetrics
{
    public const string Namespace = "TelegramAI/Jobs";

    /// <summary>Seconds from receiving a job to the end of that attempt (answered, failed or left for a retry), each attempt once.</summary>
    public const string ProcessingTime = "JobProcessingTime";

    /// <summary>Seconds from the user's request (the job's <c>RequestedAt</c>) to the start of its first attempt.</summary>
    public const string QueueWait = "QueueWait";

    /// <summary>The jobs queue's name: the worker group's queue, as for the bot-check refusals.</summary>
    public const string DimensionName = "QueueName";

    public const string Unit = "Seconds";
}
