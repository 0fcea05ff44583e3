using System.Globalization;
using TelegramAI.Aws.CloudWatch;
using TelegramAI.Aws.CloudWatch.Model;
using TelegramAI.Aws.Runtime;
using TelegramAI.Aws.Sqs;
using TelegramAI.Contracts.Configuration;
using TelegramAI.Contracts.Scaling;
using TelegramAI.MetricSender.Configuration;
using TelegramAI.ServiceDefaults.Configuration;

namespace TelegramAI.MetricSender.Recommending;

/// <summary>
/// <c>recommend --latency HH:MM:SS [--period D.HH:MM:SS] [--queue NAME] [--jobs-per-worker N]</c>: reads the job
/// timings the workers published over the period (default the last 7 days) and prints the BacklogPerInstanceTarget
/// AWS's formula gives for the acceptable latency, with the figures it comes from. The queue defaults to
/// <c>Scaling__Targets__0__Queue</c>; AWS comes from the usual <c>AWS_*</c> settings.
/// Exit codes: 0 a recommendation; 1 no job timings in the period; 2 a wrong flag or setting.
/// </summary>
public static class RecommendCommand
{
    public const string Verb = "recommend";
    public const int NoDataExitCode = 1;

    private const string Usage = "usage: recommend --latency HH:MM:SS [--period D.HH:MM:SS] [--queue NAME] [--jobs-per-worker N]";

    /// <summary>CloudWatch keeps one-hour datapoints for 455 days; hours also keep every period within GetMetricStatistics' 1,440 datapoints for 60 days.</summary>
    private const int HourSeconds = 3600;

    private static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(60);

    public static bool IsRequested(string[] args) => args is [Verb, ..];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TimeProvider time)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        if (Parse(args[1..], configuration, out var error) is not { } request)
        {
            await Console.Error.WriteLineAsync(error);
            await Console.Error.WriteLineAsync(Usage);
            return ServiceRunExtensions.ConfigurationErrorExitCode;
        }

        AwsClientSettings settings;
        try
        {
            settings = AwsClientSettings.FromConfiguration(configuration);
        }
        catch (ConfigurationException e)
        {
            await Console.Error.WriteLineAsync(ConfigurationFailure.Describe(e));
            return ServiceRunExtensions.ConfigurationErrorExitCode;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var cloudWatch = new CloudWatchClient(http, settings);
        var end = time.GetUtcNow();
        var start = end - request.Period;
        var processing = await ReadAsync(cloudWatch, request.Queue, JobMetrics.ProcessingTime, start, end);
        var waiting = await ReadAsync(cloudWatch, request.Queue, JobMetrics.QueueWait, start, end);

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Jobs queue {request.Queue}, {start:yyyy-MM-dd HH:mm} to {end:yyyy-MM-dd HH:mm} UTC ({request.Period.TotalDays:0.##} days):"));
        await output.WriteLineAsync($"  processing time: {processing.Describe()}");
        await output.WriteLineAsync($"  queue wait:      {waiting.Describe()}");
        if (processing.Mean is not { } mean)
        {
            await output.WriteLineAsync(
                $"No {JobMetrics.ProcessingTime} in {JobMetrics.Namespace} for this queue in the period: are workers running and allowed to publish to CloudWatch?");
            return NoDataExitCode;
        }

        var exact = TargetRecommendation.Exact(request.Latency, mean, request.JobsPerWorker);
        var target = TargetRecommendation.BacklogPerInstanceTarget(request.Latency, mean, request.JobsPerWorker);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"AWS's formula: acceptable latency / average processing time x jobs per worker = {request.Latency.TotalSeconds:0.#} s / {mean.TotalSeconds:0.#} s x {request.JobsPerWorker} = {exact:0.##}, rounded down"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"recommend: BacklogPerInstanceTarget={target}"));
        return 0;
    }

    private sealed record Request(TimeSpan Latency, TimeSpan Period, string Queue, int JobsPerWorker);

    private static Request? Parse(string[] args, IConfiguration configuration, out string? error)
    {
        TimeSpan? latency = null;
        var period = TimeSpan.FromDays(7);
        var queue = configuration[$"{ScalingOptions.Section}:{nameof(ScalingOptions.Targets)}:0:{nameof(ScalingTarget.Queue)}"];
        var jobsPerWorker = 1;
        error = null;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--latency" when TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero:
                    latency = parsed;
                    break;
                case "--period" when TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed >= TimeSpan.FromMinutes(1) && parsed <= MaxPeriod:
                    period = parsed;
                    break;
                case "--queue" when !string.IsNullOrWhiteSpace(value):
                    queue = value;
                    break;
                case "--jobs-per-worker" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= 64:
                    jobsPerWorker = parsed;
                    break;
                default:
                    error = $"{args[i]} {value}: not a flag, or not a valid value for it (a period is 1 minute to {MaxPeriod.TotalDays:0} days)";
                    return null;
            }
        }

        if (latency is null)
            error = "--latency is required: the longest a user should wait for their download to start, like 00:05:00";
        else if (string.IsNullOrWhiteSpace(queue))
            error = "--queue is required when Scaling__Targets__0__Queue is unset: the jobs queue's name or URL";
        return error is null ? new Request(latency!.Value, period, QueueAddress.NameOf(queue!), jobsPerWorker) : null;
    }

    private static async Task<Timings> ReadAsync(ICloudWatchClient cloudWatch, string queue, string metric, DateTimeOffset start, DateTimeOffset end)
    {
        var request = new GetMetricStatisticsRequest
        {
            Namespace = JobMetrics.Namespace,
            MetricName = metric,
            Dimensions = [new Dimension { Name = JobMetrics.DimensionName, Value = queue }],
            StartTimeUtc = start,
            EndTimeUtc = end,
            Unit = JobMetrics.Unit,
        };

        // Count and mean from hourly sums; the p95 from one period as long as the whole (whole hours, so CloudWatch takes it).
        var hourly = await cloudWatch.GetMetricStatisticsAsync(new GetMetricStatisticsRequest
        {
            Namespace = request.Namespace, MetricName = metric, Dimensions = request.Dimensions, StartTimeUtc = start, EndTimeUtc = end, Unit = request.Unit,
            Period = HourSeconds,
            Statistics = ["Sum", "SampleCount"],
        });
        var whole = await cloudWatch.GetMetricStatisticsAsync(new GetMetricStatisticsRequest
        {
            Namespace = request.Namespace, MetricName = metric, Dimensions = request.Dimensions, StartTimeUtc = start, EndTimeUtc = end, Unit = request.Unit,
            Period = (int)Math.Ceiling((end - start).TotalSeconds / HourSeconds) * HourSeconds,
            Statistics = [],
            ExtendedStatistics = ["p95"],
        });

        var count = hourly.Datapoints.Sum(point => point.SampleCount ?? 0);
        var sum = hourly.Datapoints.Sum(point => point.Sum ?? 0);
        var p95 = whole.Datapoints.Select(point => point.ExtendedStatistics.GetValueOrDefault("p95", double.NaN)).FirstOrDefault(double.NaN);
        return new Timings((long)count, count > 0 ? TimeSpan.FromSeconds(sum / count) : null, double.IsNaN(p95) ? null : TimeSpan.FromSeconds(p95));
    }

    private sealed record Timings(long Count, TimeSpan? Mean, TimeSpan? P95)
    {
        public string Describe() => Mean is not { } mean
            ? "no data"
            : string.Create(CultureInfo.InvariantCulture,
                $"{Count} jobs, mean {mean.TotalSeconds:0.#} s, p95 {(P95 is { } p95 ? $"{p95.TotalSeconds:0.#} s" : "not available (this CloudWatch computed no percentile)")}");
    }
}
