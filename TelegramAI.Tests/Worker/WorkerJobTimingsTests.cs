using TelegramAI.Aws.CloudWatch;
using TelegramAI.Aws.CloudWatch.Model;
using TelegramAI.Aws.Sqs;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Contracts.Scaling;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Worker;

/// <summary>
/// The measured inputs of the scaling target: the real worker publishes each job's processing time and its wait in
/// the queue to CloudWatch (<see cref="JobMetrics"/>), in seconds, with the jobs queue's name as the dimension.
/// </summary>
public sealed class WorkerJobTimingsTests(MotoFixture moto, TestVideo video)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_job_publishes_its_processing_time_and_its_queue_wait_in_seconds()
    {
        await using var bed = await WorkerTestBed.CreateAsync(moto);
        await using var server = await LoopbackVideoServer.StartAsync(Ct);
        server.Serve("/video.mp4", video.Bytes, "video/mp4");
        var worker = bed.StartWorker();

        // The user asked two minutes ago: the job waited at least that long before its first attempt.
        var started = DateTimeOffset.UtcNow;
        var job = await bed.SendJobAsync(RequestKind.Url, server.Url("/video.mp4"), requestedAt: started.AddMinutes(-2));
        (await bed.WaitForFinalResultAsync(job.JobId)).Body!.Kind.ShouldBe(JobResultKind.Succeeded);
        var finished = DateTimeOffset.UtcNow;

        // Timings go out once a minute, and whatever is gathered when the worker stops.
        worker.Terminate();
        (await worker.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBe(0);

        var cloudWatch = new CloudWatchClient(moto.Http, moto.Settings());
        var queue = QueueAddress.NameOf(bed.Jobs.QueueUrl);
        var processing = await ReadAsync(cloudWatch, queue, JobMetrics.ProcessingTime, StandardUnit.Seconds);
        var waited = await ReadAsync(cloudWatch, queue, JobMetrics.QueueWait, StandardUnit.Seconds);

        processing.SampleCount.ShouldBe(1);
        processing.Maximum!.Value.ShouldBeInRange(0, (finished - started).TotalSeconds);
        waited.SampleCount.ShouldBe(1);
        waited.Maximum!.Value.ShouldBeInRange(120, 120 + (finished - started).TotalSeconds);

        // Seconds, not milliseconds or no unit: the recommendation and the dashboard read them as seconds.
        (await cloudWatch.GetMetricStatisticsAsync(Request(queue, JobMetrics.ProcessingTime, StandardUnit.Milliseconds), Ct)).Datapoints.ShouldBeEmpty();
    }

    private static async Task<Datapoint> ReadAsync(CloudWatchClient cloudWatch, string queue, string metric, string unit) =>
        (await cloudWatch.GetMetricStatisticsAsync(Request(queue, metric, unit), Ct)).Datapoints.ShouldHaveSingleItem();

    private static GetMetricStatisticsRequest Request(string queue, string metric, string unit) => new()
    {
        Namespace = JobMetrics.Namespace,
        MetricName = metric,
        Dimensions = [new Dimension { Name = JobMetrics.DimensionName, Value = queue }],
        StartTimeUtc = DateTimeOffset.UtcNow.AddHours(-1),
        EndTimeUtc = DateTimeOffset.UtcNow.AddMinutes(5),
        Period = 7200,
        Statistics = ["SampleCount", "Maximum"],
        Unit = unit,
    };
}
