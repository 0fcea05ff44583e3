using TelegramAI.Contracts.Jobs;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Worker;

/// <summary>Jobs survive workers that die or stop: SQS hands them on, S3 keys keep the outcome single.</summary>
public sealed class WorkerHandoverTests(MotoFixture moto, TestVideo video)
{
    // Long enough that a heartbeat (every third of it) is not missed on a loaded machine.
    private const int VisibilitySeconds = 6;

    // Resolving reads under 10 KB of the video; only the download gets this far and is held there.
    private const long HeldAfterBytes = 30_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_worker_killed_mid_download_leaves_the_job_to_a_second_worker_which_stores_it_once()
    {
        await using var bed = await WorkerTestBed.CreateAsync(moto, VisibilitySeconds);
        await using var server = await LoopbackVideoServer.StartAsync(Ct);
        var gate = new ResponseGate(HeldAfterBytes);
        server.Serve("/video.mp4", video.Bytes, "video/mp4", new ServeOptions(Gate: gate));
        var first = bed.StartWorker();

        var job = await bed.SendJobAsync(RequestKind.Url, server.Url("/video.mp4"));
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        await bed.WaitForResultAsync(r => r.JobId == job.JobId && r.Kind == JobResultKind.Progress);

        // The heartbeat holds the job well past the queue's visibility timeout: nobody else gets it.
        var meanwhile = await bed.Jobs.ReceiveAsync(1, TimeSpan.FromSeconds(2 * VisibilitySeconds + 1), Ct);
        meanwhile.ShouldBeEmpty();

        first.Kill();
        await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        bed.JobFolders().ShouldHaveSingleItem();
        gate.Release();
        var second = bed.StartWorker();

        var result = await bed.WaitForFinalResultAsync(job.JobId);
        result.Body!.Kind.ShouldBe(JobResultKind.Succeeded);
        var key = result.Body.Video.ShouldNotBeNull().Key;
        (await bed.StoredKeysAsync()).ShouldBe([key]);
        (await bed.GetObjectAsync(key)).Bytes.ShouldBe(video.Bytes);

        await bed.ReceiveResultsAsync(TimeSpan.FromSeconds(1));
        bed.ResultsOf(job.JobId).Count(r => r.Body!.Kind != JobResultKind.Progress).ShouldBe(1);
        await bed.ShouldHaveNoJobsLeftAsync();
        // The second worker removed the folder the first one left, and its own.
        bed.JobFolders().ShouldBeEmpty();
        second.HasExited.ShouldBeFalse();
    }

    [Fact]
    public async Task SIGTERM_mid_job_releases_the_message_at_once_when_the_grace_period_is_over()
    {
        // A long visibility timeout: only the worker's release can make the job visible again soon.
        await using var bed = await WorkerTestBed.CreateAsync(moto, visibilitySeconds: 60);
        await using var server = await LoopbackVideoServer.StartAsync(Ct);
        var gate = new ResponseGate(HeldAfterBytes);
        server.Serve("/video.mp4", video.Bytes, "video/mp4", new ServeOptions(Gate: gate));
        var worker = bed.StartWorker(new Dictionary<string, string> { ["Worker__ShutdownGrace"] = "00:00:01" });

        var job = await bed.SendJobAsync(RequestKind.Url, server.Url("/video.mp4"));
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        var progress = await bed.WaitForResultAsync(r => r.JobId == job.JobId && r.Kind == JobResultKind.Progress);
        progress.Body!.Progress.ShouldNotBeNull().DownloadedBytes.ShouldBeInRange(1, HeldAfterBytes);
        progress.Body.Progress.TotalBytes.ShouldBe(video.Bytes.LongLength);

        worker.Terminate();
        (await worker.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBe(0);

        var released = (await bed.Jobs.ReceiveAsync(1, TimeSpan.FromSeconds(5), Ct)).ShouldHaveSingleItem();
        released.Body!.JobId.ShouldBe(job.JobId);
        released.ReceiveCount.ShouldBe(2);
        await bed.ReceiveResultsAsync(TimeSpan.Zero);
        bed.ResultsOf(job.JobId).ShouldAllBe(r => r.Body!.Kind == JobResultKind.Progress);
        (await bed.StoredKeysAsync()).ShouldBeEmpty();
        bed.JobFolders().ShouldBeEmpty();
    }

    [Fact]
    public async Task SIGTERM_mid_job_lets_the_job_finish_within_the_grace_period()
    {
        await using var bed = await WorkerTestBed.CreateAsync(moto, VisibilitySeconds);
        await using var server = await LoopbackVideoServer.StartAsync(Ct);
        var gate = new ResponseGate(HeldAfterBytes);
        server.Serve("/video.mp4", video.Bytes, "video/mp4", new ServeOptions(Gate: gate));
        var worker = bed.StartWorker();

        var job = await bed.SendJobAsync(RequestKind.Url, server.Url("/video.mp4"));
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        await bed.WaitForResultAsync(r => r.JobId == job.JobId && r.Kind == JobResultKind.Progress);
        worker.Terminate();
        await worker.WaitForOutputAsync("Stopping: waiting up to", TimeSpan.FromSeconds(30));
        gate.Release();

        var result = await bed.WaitForFinalResultAsync(job.JobId);
        result.Body!.Kind.ShouldBe(JobResultKind.Succeeded);
        (await worker.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBe(0);
        (await bed.GetObjectAsync(result.Body.Video!.Key)).Bytes.ShouldBe(video.Bytes);
        await bed.ShouldHaveNoJobsLeftAsync();
        bed.JobFolders().ShouldBeEmpty();
    }
}
