using System.Buffers.Binary;
using System.Diagnostics;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Tests.Support;
using TelegramAI.Worker.Downloads;
using TelegramAI.Worker.Storage;

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
        result.Body.SchemaVersion.ShouldBe(JobResult.CurrentSchemaVersion);
        result.Body.StatusMessageId.ShouldBeNull();
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

        // The same video by another form of its link: resolved again, but not downloaded again. It comes as a
        // version 1 job, from a bot still running during a deploy, and is answered in version 1 for that bot.
        var requestsForFirstJob = server.RequestCount(VideoPath);
        var again = await bed.SendJobAsync(RequestKind.Url, url + "#again", statusMessageId: 1000);

        var second = await bed.WaitForFinalResultAsync(again.JobId);
        second.Body!.Kind.ShouldBe(JobResultKind.Succeeded);
        second.Body.SchemaVersion.ShouldBe(JobMessage.StatusMessageSchemaVersion);
        second.Body.StatusMessageId.ShouldBe(1000);
        second.Body.Video.ShouldBe(stored with { SourceUrl = url + "#again" });
        // Resolving (yt-dlp, then ffprobe for the duration) is all the second job asked of the server.
        (server.RequestCount(VideoPath) - requestsForFirstJob).ShouldBeLessThan(requestsForFirstJob);
        bed.ResultsOf(job.JobId).ShouldContain(r => r.Body!.Kind == JobResultKind.Progress);
        bed.ResultsOf(again.JobId).ShouldNotContain(r => r.Body!.Kind == JobResultKind.Progress);

        (await bed.StoredKeysAsync()).ShouldBe([stored.Key]);
        await bed.ShouldHaveNoJobsLeftAsync();
        bed.JobFolders().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_large_single_file_goes_up_to_S3_while_it_downloads_and_is_stored_byte_for_byte()
    {
        await using var bed = await WorkerTestBed.CreateAsync(moto);
        await using var server = await LoopbackVideoServer.StartAsync(TestContext.Current.CancellationToken);
        var bytes = PaddedMp4(video.Bytes, (int)(3.5 * VideoStore.PartSize));
        // The download is held after three parts' worth, until two parts are in S3: yt-dlp reads in blocks
        // of up to 4 MB, so it may not have written the last few MB before the hold.
        var gate = new ResponseGate(3 * VideoStore.PartSize, ResponseGate.DownloadsOnly);
        server.Serve("/clips/large.mp4", bytes, "video/mp4", new ServeOptions(Gate: gate));
        bed.StartWorker();

        var job = await bed.SendJobAsync(RequestKind.Url, server.Url("/clips/large.mp4"));
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        await Condition.WaitUntilAsync(async () => await bed.S3.PartsUnderWayAsync(bed.Bucket) == 2, "two parts in S3 while the download is held");
        gate.Release();

        var result = await bed.WaitForFinalResultAsync(job.JobId);
        var stored = result.Body!.Video.ShouldNotBeNull();
        stored.SizeBytes.ShouldBe(bytes.LongLength);
        (await bed.GetObjectAsync(stored.Key)).Bytes.ShouldBe(bytes);
        await bed.ShouldHaveNoJobsLeftAsync();
        bed.JobFolders().ShouldBeEmpty();
    }

    /// <summary>
    /// The test video followed by a 'free' box of random bytes up to <paramref name="size"/>: still a
    /// valid mp4 whose header ffprobe reads at the start, but large enough to come in several parts.
    /// </summary>
    private static byte[] PaddedMp4(byte[] mp4, int size)
    {
        var bytes = new byte[size];
        mp4.CopyTo(bytes, 0);
        var box = bytes.AsSpan(mp4.Length);
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        "free"u8.CopyTo(box[4..]);
        Random.Shared.NextBytes(box[8..]);
        return bytes;
    }
}
