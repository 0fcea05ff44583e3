using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TelegramAI.Aws.CloudWatch;
using TelegramAI.Aws.CloudWatch.Model;
using TelegramAI.Aws.Sqs;
using TelegramAI.Contracts.Scaling;

namespace TelegramAI.Worker.Telemetry;

/// <summary>
/// Publishes each job's processing time and queue wait to CloudWatch (<see cref="JobMetrics"/>, in seconds), the
/// measured inputs of the scaling target. Jobs are gathered for a minute and sent as one PutMetricData with value
/// arrays (each distinct value once, with its count), so a busy fleet sends one call per worker a minute and
/// CloudWatch still has every value for its percentiles. Best effort: a minute that cannot be sent is logged and
/// dropped, and no job ever waits for it. What is gathered at shutdown is sent then.
/// </summary>
public sealed class JobTimings(ICloudWatchClient cloudWatch, TimeProvider time, ILogger<JobTimings> logger) : BackgroundService
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan PublishTimeLimit = TimeSpan.FromSeconds(20);

    private readonly ConcurrentQueue<(string Queue, string Metric, double Seconds)> _pending = new();

    /// <param name="jobsQueueUrl">The queue the job came from; its name is the metrics' dimension.</param>
    public void RecordProcessingTime(string jobsQueueUrl, TimeSpan elapsed) => Record(jobsQueueUrl, JobMetrics.ProcessingTime, elapsed);

    public void RecordQueueWait(string jobsQueueUrl, TimeSpan waited) => Record(jobsQueueUrl, JobMetrics.QueueWait, waited);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await FlushAsync();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync sends the rest.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync();
    }

    /// <summary>Sends what was gathered; safe to call at any time.</summary>
    public async Task FlushAsync()
    {
        var taken = new List<(string Queue, string Metric, double Seconds)>();
        while (_pending.TryDequeue(out var entry))
            taken.Add(entry);
        if (taken.Count == 0)
            return;

        var now = time.GetUtcNow();
        var data = taken
            .GroupBy(entry => (entry.Queue, entry.Metric))
            .SelectMany(group => Datums(group.Key.Queue, group.Key.Metric, group.Select(entry => entry.Seconds), now))
            .ToList();
        try
        {
            using var timeLimit = new CancellationTokenSource(PublishTimeLimit);
            await cloudWatch.PutMetricDataAsync(new PutMetricDataRequest { Namespace = JobMetrics.Namespace, MetricData = data }, timeLimit.Token);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not publish {Count} job timings to CloudWatch; they are dropped", taken.Count);
        }
    }

    /// <summary>The values of one metric as datums of at most 150 distinct values each, with their counts (milliseconds apart at least).</summary>
    internal static IEnumerable<MetricDatum> Datums(string queue, string metric, IEnumerable<double> seconds, DateTimeOffset at)
    {
        var counted = seconds.GroupBy(value => Math.Round(value, 3)).OrderBy(group => group.Key).Select(group => (Value: group.Key, Count: (double)group.Count())).ToList();
        return counted.Chunk(MetricDatumLimits.MaxValues).Select(chunk => new MetricDatum
        {
            MetricName = metric,
            Dimensions = [new Dimension { Name = JobMetrics.DimensionName, Value = QueueAddress.NameOf(queue) }],
            TimestampUtc = at,
            Values = [.. chunk.Select(entry => entry.Value)],
            Counts = [.. chunk.Select(entry => entry.Count)],
            Unit = JobMetrics.Unit,
        });
    }

    private void Record(string jobsQueueUrl, string metric, TimeSpan value) =>
        _pending.Enqueue((jobsQueueUrl, metric, Math.Max(value.TotalSeconds, 0)));
}
