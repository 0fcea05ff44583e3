using TelegramAI.Aws.CloudWatch;
using TelegramAI.Aws.CloudWatch.Model;
using TelegramAI.Contracts.Scaling;
using TelegramAI.MetricSender.Recommending;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.MetricSender;

/// <summary>
/// <c>dotnet TelegramAI.MetricSender.dll recommend --latency ...</c>, as an operator runs it: it reads the job timings
/// the workers published and prints BacklogPerInstanceTarget by AWS's formula.
/// </summary>
public sealed class RecommendCommandTests(MotoFixture moto)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    // The README's worked example: 300 s over 40 s a job is 7.5, rounded down.
    [InlineData(300, 40, 1, 7)]
    [InlineData(300, 60, 1, 5)]
    [InlineData(300, 40, 2, 15)]
    // Never below one job per worker, however slow the jobs.
    [InlineData(60, 600, 1, 1)]
    // Exact quotients are not rounded down below themselves.
    [InlineData(300, 30, 1, 10)]
    public void The_target_is_the_acceptable_latency_over_the_average_processing_time_rounded_down(int latencySeconds, int meanSeconds, int jobsPerWorker, int target) =>
        TargetRecommendation.BacklogPerInstanceTarget(TimeSpan.FromSeconds(latencySeconds), TimeSpan.FromSeconds(meanSeconds), jobsPerWorker).ShouldBe(target);

    [Fact]
    public async Task It_reads_the_published_job_timings_of_the_queue_and_recommends_a_target()
    {
        var queue = MotoFixture.UniqueName("jobs");
        // Mean processing time (3 x 30 s + 1 x 50 s) / 4 = 35 s; 300 s / 35 s = 8.57.
        await PublishAsync(queue, JobMetrics.ProcessingTime, [30, 50], [3, 1]);
        await PublishAsync(queue, JobMetrics.QueueWait, [12, 200], [1, 3]);
        // Another queue's jobs do not count.
        await PublishAsync(MotoFixture.UniqueName("other"), JobMetrics.ProcessingTime, [600], [5]);

        var (exitCode, stdout, stderr) = await RunAsync("recommend", "--latency", "00:05:00", "--period", "01:00:00", "--queue", queue);

        exitCode.ShouldBe(0, stdout + stderr);
        stdout.ShouldContain("processing time: 4 jobs, mean 35 s");
        stdout.ShouldContain("queue wait:      4 jobs, mean 153 s");
        stdout.ShouldContain("300 s / 35 s x 1 = 8.57, rounded down");
        stdout.TrimEnd().Split('\n')[^1].ShouldBe("recommend: BacklogPerInstanceTarget=8");
    }

    [Fact]
    public async Task The_queue_may_come_from_the_MetricSenders_own_setting_as_a_URL_and_jobs_per_worker_multiply_the_target()
    {
        var queue = MotoFixture.UniqueName("jobs");
        await PublishAsync(queue, JobMetrics.ProcessingTime, [40], [2]);

        var (exitCode, stdout, stderr) = await RunAsync(
            ["recommend", "--latency", "00:05:00", "--period", "01:00:00", "--jobs-per-worker", "2"],
            ("Scaling__Targets__0__Queue", $"{moto.Server.Endpoint.ToString().TrimEnd('/')}/123456789012/{queue}"));

        exitCode.ShouldBe(0, stdout + stderr);
        stdout.ShouldContain($"Jobs queue {queue},");
        stdout.ShouldContain("recommend: BacklogPerInstanceTarget=15");
    }

    [Fact]
    public async Task Without_job_timings_in_the_period_it_says_so_and_exits_1()
    {
        var (exitCode, stdout, _) = await RunAsync("recommend", "--latency", "00:05:00", "--queue", MotoFixture.UniqueName("idle"));

        exitCode.ShouldBe(RecommendCommand.NoDataExitCode);
        stdout.ShouldContain($"No {JobMetrics.ProcessingTime} in {JobMetrics.Namespace} for this queue in the period");
        stdout.ShouldNotContain("recommend:");
    }

    [Theory]
    [InlineData("recommend", "--queue", "jobs")]
    [InlineData("recommend", "--latency", "soon", "--queue", "jobs")]
    [InlineData("recommend", "--latency", "00:05:00", "--period", "90.00:00:00", "--queue", "jobs")]
    [InlineData("recommend", "--latency", "00:05:00", "--jobs-per-worker", "0", "--queue", "jobs")]
    [InlineData("recommend", "--latency", "00:05:00")]
    public async Task A_wrong_or_missing_flag_is_named_with_the_usage_and_exits_2(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await RunAsync(arguments);

        exitCode.ShouldBe(Microsoft.Extensions.Hosting.ServiceRunExtensions.ConfigurationErrorExitCode);
        stderr.ShouldContain("usage: recommend --latency HH:MM:SS");
        stdout.ShouldBeEmpty();
    }

    private async Task PublishAsync(string queue, string metric, List<double> values, List<double> counts) =>
        await new CloudWatchClient(moto.Http, moto.Settings()).PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = JobMetrics.Namespace,
            MetricData =
            [
                new()
                {
                    MetricName = metric,
                    Dimensions = [new Dimension { Name = JobMetrics.DimensionName, Value = queue }],
                    TimestampUtc = DateTimeOffset.UtcNow.AddMinutes(-10),
                    Values = values,
                    Counts = counts,
                    Unit = StandardUnit.Seconds,
                },
            ],
        }, Ct);

    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] arguments) => RunAsync(arguments, []);

    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] arguments, params (string Key, string Value)[] settings) =>
        MetricSenderProcess.RunAsync(arguments, moto.Server.Environment.Select(e => (e.Key, e.Value)).Concat(settings));
}
