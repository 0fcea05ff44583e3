using System.Diagnostics;
using System.Diagnostics.Metrics;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Messaging;

namespace TelegramAI.Worker.Telemetry;

/// <summary>
/// The Worker's spans and metrics. ServiceDefaults collects every source and meter named "TelegramAI.*".
/// The average of <see cref="JobDuration"/> is the processing time the scaling target is derived from
/// (acceptable latency / average processing time).
/// </summary>
internal static class WorkerTelemetry
{
    public const string Name = "TelegramAI.Worker";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> JobsSucceeded =
        Meter.CreateCounter<long>("telegramai.worker.jobs.succeeded", "{job}", "Jobs answered with a stored video.");

    public static readonly Counter<long> JobsFailed =
        Meter.CreateCounter<long>("telegramai.worker.jobs.failed", "{job}", "Jobs answered with a failure.");

    public static readonly Histogram<double> JobDuration =
        Meter.CreateHistogram<double>("telegramai.worker.job.duration", "s", "Time from receiving a job to its final result.");

    public static readonly Counter<long> BotCheckRefusals =
        Meter.CreateCounter<long>("telegramai.worker.bot_check.refusals", "{refusal}", "Times a site refused a download with its bot check.");

    public static readonly Counter<long> BytesStored =
        Meter.CreateCounter<long>("telegramai.worker.stored.bytes", "By", "Bytes of video downloaded and uploaded to S3.");

    /// <summary>
    /// The span of one job, a child of the span that sent it (the trace context in the message
    /// attributes), so the trace runs on from the Telegram update; every result is sent inside it.
    /// </summary>
    public static Activity? StartJob(ReceivedMessage<JobMessage> message)
    {
        var activity = Source.StartActivity("process job", ActivityKind.Consumer, message.TraceParent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "aws_sqs");
            activity.SetTag("messaging.message.id", message.Raw.MessageId);
            activity.SetTag("telegramai.job.id", message.Body?.JobId.ToString());
            activity.SetTag("telegramai.job.attempt", message.ReceiveCount);
        }

        return activity;
    }

    /// <summary>
    /// The span of storing one video in S3, whole or in parts (those while it downloads included), beside the
    /// download in the job's trace; the S3 requests it makes are its children.
    /// </summary>
    public static Activity? StartStore(string bucket, string key)
    {
        var activity = Source.StartActivity("store video", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("aws.s3.bucket", bucket);
            activity.SetTag("aws.s3.key", key);
        }

        return activity;
    }
}
