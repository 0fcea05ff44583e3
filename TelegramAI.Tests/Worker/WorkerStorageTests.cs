using System.Diagnostics;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Tests.Support;
using TelegramAI.Worker.Downloads;

namespace TelegramAI.Tests.Worker;

/// <summary>The real worker process against moto, real yt-dlp and the test video served on loopback.</summary>
public sealed class WorkerStorageTests(MotoFixture moto, TestVideo video)
{
    private const string VideoPath = "/clips/first-video.mp4";

    [Fact]
    public async Task A_job_stores_the_served_bytes_and_a_second_job_for_the_same_video_is_answered_without_downloading()
    {
        await using var bed = await WorkerTestBed.CreateAsync(moto);
        await using var server = await LoopbackVideoServer.StartAsync(TestContext.Current.CancellationToken);
        server.Serve(VideoPath, video.Bytes, "video/mp4");
        var url = server.Url(VideoPath);
        bed.StartWorker();

        using var update = new Activity("telegram update").SetIdFormat(ActivityIdFormat.W3C).Start();
        var job = await bed.SendJobAsync(RequestKind.Url, url);
        update.Stop();

        var result = await bed.WaitForFinalResultAsync(job.JobId);
        result.Body!.Failure.ShouldBeNull();
        result.Body.Kind.ShouldBe(JobResultKind.Succeeded);
        result.Body.ChatId.ShouldBe(job.ChatId);
        result.Body.StatusMessageId.ShouldBe(job.StatusMessageId);
        result.TraceParent.TraceId.ShouldBe(update.TraceId);
        var stored = result.Body.Video.ShouldNotBeNull();
        stored.Bucket.ShouldBe(bed.Bucket);
        stored.Key.ShouldBe(VideoIdentity.ForLink(url).ToS3Key());
        stored.SizeBytes.ShouldBe(video.Bytes.LongLength);
        stored.Title.ShouldBe("first-video");
        stored.SourceUrl.ShouldBe(url);
        stored.Duration.ShouldNotBeNull().TotalSeconds.ShouldBe(TestVideo.Duration.TotalSeconds, tolerance: 0.1);

        var (bytes, contentType, metadata) = await bed.GetObjectAsync(stored.Key);
        bytes.ShouldBe(video.Bytes);
        contentType.ShouldBe("video/mp4");
        Uri.UnescapeDataString(metadata["title"]).ShouldBe("first-video");
        Uri.UnescapeDataString(metadata["source-url"]).ShouldBe(url);
        metadata["duration"].ShouldBe("3");

        // The same video by another form of its link: resolved again, but not downloaded again.
        var requestsForFirstJob = server.RequestCount(VideoPath);
        var again = await bed.SendJobAsync(RequestKind.Url, url + "#again");

        var second = await bed.WaitForFinalResultAsync(again.JobId);
        second.Body!.Kind.ShouldBe(JobResultKind.Succeeded);
        second.Body.Video.ShouldBe(stored with { SourceUrl = url + "#again" });
        // Resolving (yt-dlp, then ffprobe for the duration) is all the second job asked of the server.
        (server.RequestCount(VideoPath) - requestsForFirstJob).ShouldBeLessThan(requestsForFirstJob);
        bed.ResultsOf(job.JobId).ShouldContain(r => r.Body!.Kind == JobResultKind.Progress);
        bed.ResultsOf(again.JobId).ShouldNotContain(r => r.Body!.Kind == JobResultKind.Progress);

        (await bed.StoredKeysAsync()).ShouldBe([stored.Key]);
        await bed.ShouldHaveNoJobsLeftAsync();
        bed.JobFolders().ShouldBeEmpty();
    }
}
