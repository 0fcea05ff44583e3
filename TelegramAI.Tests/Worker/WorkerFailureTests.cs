using System.Net;
using Amazon.SQS.Model;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Tests.Support;
using TelegramAI.Worker.Downloads;
using TelegramAI.Worker.Jobs;

namespace TelegramAI.Tests.Worker;

public sealed class WorkerFailureTests(MotoFixture moto, TestVideo video)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_permanent_failure_is_answered_with_its_reason_in_words_and_the_job_is_deleted()
    {
        await using var bed = await WorkerTestBed.CreateAsync(moto, maxReceiveCount: 2);
        await using var server = await LoopbackVideoServer.StartAsync(Ct);
        server.Serve("/three-seconds.mp4", video.Bytes, "video/mp4");
        server.Serve("/page.html", "<html><body><p>No video here.</p></body></html>"u8.ToArray(), "text/html");
        server.Fail("/gone.mp4", HttpStatusCode.NotFound);
        server.Fail("/broken.mp4", HttpStatusCode.InternalServerError);
        // yt-dlp itself, except that a search answers as it does when nothing is found (an empty playlist):
        // this machine has no way to YouTube, where every search goes.
        using var ytDlp = new StandInYtDlp(new StandInRule("ytsearch1:", Stdout: """{"_type": "playlist", "id": "search", "title": "search", "entries": []}""", ExitCode: 0));
        bed.StartWorker(new Dictionary<string, string>
        {
            ["Downloads__MaxDuration"] = "00:00:02",
            ["Downloads__YtDlpPath"] = ytDlp.Path,
            ["Worker__Concurrency"] = "3",
        });

        var expected = new Dictionary<Guid, (FailureReason Reason, string Message)>
        {
            [(await bed.SendJobAsync(RequestKind.Url, server.Url("/gone.mp4"))).JobId] = (FailureReason.Unavailable, YtDlpFailures.NotFound),
            [(await bed.SendJobAsync(RequestKind.Url, server.Url("/page.html"))).JobId] = (FailureReason.UnsupportedSite, YtDlpFailures.Unsupported),
            [(await bed.SendJobAsync(RequestKind.Url, server.Url("/three-seconds.mp4"))).JobId] = (FailureReason.TooLong, "The video is longer than 2 seconds."),
            [(await bed.SendJobAsync(RequestKind.Search, "a video nobody ever made")).JobId] = (FailureReason.NoSearchResult, YtDlpFailures.NoSearchResult),
            [(await bed.SendJobAsync(RequestKind.Url, "just some words")).JobId] = (FailureReason.InvalidRequest, YtDlpFailures.NotALink),
            // Transient: tried until the redrive policy's last attempt, then answered.
            [(await bed.SendJobAsync(RequestKind.Url, server.Url("/broken.mp4"))).JobId] = (FailureReason.DownloadFailed, JobProcessor.GaveUp),
        };

        foreach (var (jobId, (reason, message)) in expected)
        {
            var result = (await bed.WaitForFinalResultAsync(jobId)).Body!;
            result.Kind.ShouldBe(JobResultKind.Failed);
            result.Failure.ShouldBe(new JobFailure(reason, message));
        }

        // Each answered once; the transient one was tried twice, and went on to the dead-letter queue.
        await bed.ReceiveResultsAsync(TimeSpan.Zero);
        foreach (var jobId in expected.Keys)
            bed.ResultsOf(jobId).Count(r => r.Body!.Kind != JobResultKind.Progress).ShouldBe(1);
        server.RequestCount("/broken.mp4").ShouldBeGreaterThanOrEqualTo(2);
        var deadLetter = (await bed.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest() { QueueUrl = bed.DeadLettersUrl, WaitTimeSeconds = 20 }, Ct)).Messages.ShouldHaveSingleItem();
        deadLetter.Body.ShouldContain("/broken.mp4");
        await bed.ShouldHaveNoJobsLeftAsync();
        (await bed.StoredKeysAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_video_over_the_size_limit_is_answered_too_large()
    {
        await using var bed = await WorkerTestBed.CreateAsync(moto);
        await using var server = await LoopbackVideoServer.StartAsync(Ct);
        server.Serve("/video.mp4", video.Bytes, "video/mp4");
        bed.StartWorker(new Dictionary<string, string> { ["Downloads__MaxFileSize"] = "50000" });

        var job = await bed.SendJobAsync(RequestKind.Url, server.Url("/video.mp4"));

        var result = (await bed.WaitForFinalResultAsync(job.JobId)).Body!;
        result.Failure.ShouldBe(new JobFailure(FailureReason.TooLarge, YtDlpFailures.TooLarge(50_000)));
        await bed.ShouldHaveNoJobsLeftAsync();
    }

    [Fact]
    public async Task Links_to_private_hosts_are_refused_unless_allowed()
    {
        await using var bed = await WorkerTestBed.CreateAsync(moto);
        await using var server = await LoopbackVideoServer.StartAsync(Ct);
        server.Serve("/video.mp4", video.Bytes, "video/mp4");
        bed.StartWorker(new Dictionary<string, string> { ["Downloads__AllowPrivateHosts"] = "false" });

        var byAddress = await bed.SendJobAsync(RequestKind.Url, server.Url("/video.mp4"));
        var byName = await bed.SendJobAsync(RequestKind.Url, server.Url("/video.mp4").Replace("127.0.0.1", "localhost", StringComparison.Ordinal));

        foreach (var job in new[] { byAddress, byName })
        {
            var result = (await bed.WaitForFinalResultAsync(job.JobId)).Body!;
            result.Failure.ShouldBe(new JobFailure(FailureReason.InvalidRequest, PrivateHostGuard.Refusal));
        }

        server.RequestCount("/video.mp4").ShouldBe(0);
        await bed.ShouldHaveNoJobsLeftAsync();
    }
}
