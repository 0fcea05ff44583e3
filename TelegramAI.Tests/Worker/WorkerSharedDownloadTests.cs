using TelegramAI.Contracts.Jobs;
using TelegramAI.Tests.Support;
using TelegramAI.Worker.Storage;

namespace TelegramAI.Tests.Worker;

/// <summary>Many people, one video: jobs for the same video that run at once lead to one download.</summary>
public sealed class WorkerSharedDownloadTests(MotoFixture moto, TestVideo video)
{
    // Resolving reads under 10 KB of the video; only the download gets this far and is held there.
    private const long HeldAfterBytes = 30_000;

    private const string Waiting = "Waiting for another job to download";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_same_link_from_ten_chats_at_once_is_downloaded_once_and_every_chat_is_answered()
    {
        await using var bed = await WorkerTestBed.CreateAsync(moto);
        await using var server = await LoopbackVideoServer.StartAsync(Ct);
        var gate = new ResponseGate(HeldAfterBytes);
        server.Serve("/shared.mp4", video.Bytes, "video/mp4", new ServeOptions(Gate: gate));
        using var ytDlp = new StandInYtDlp();
        // Two workers, so the jobs meet across processes (through S3) as well as within one.
        for (var i = 0; i < 2; i++)
            bed.StartWorker(new Dictionary<string, string> { ["Downloads__YtDlpPath"] = ytDlp.Path, ["Worker__Concurrency"] = "5" });

        var jobs = new List<JobMessage>();
        for (var chat = 1; chat <= 10; chat++)
            jobs.Add(await bed.SendJobAsync(RequestKind.Url, server.Url("/shared.mp4"), chatId: 1000 + chat));

        // One job downloads, held mid-file by the gate; the nine others wait for it.
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        await Condition.WaitUntilAsync(() => Task.FromResult(bed.CountOutput(Waiting) == 9), "nine jobs waiting", TimeSpan.FromSeconds(60));
        gate.Release();

        var results = new List<JobResult>();
        foreach (var job in jobs)
            results.Add((await bed.WaitForFinalResultAsync(job.JobId)).Body!);

        results.ShouldAllBe(result => result.Kind == JobResultKind.Succeeded);
        results.Select(result => result.ChatId).ShouldBe(jobs.Select(job => job.ChatId), ignoreOrder: true);
        var key = results.Select(result => result.Video!.Key).Distinct().ShouldHaveSingleItem();
        ytDlp.Runs().Count(run => run.IsDownload).ShouldBe(1);
        jobs.ShouldAllBe(job => bed.AttemptsOf(job.JobId).SequenceEqual(new[] { 1 }));

        // The video is stored once, whole, and no lease is left behind.
        (await bed.StoredKeysAsync()).ShouldBe([key]);
        (await bed.GetObjectAsync(key)).Bytes.ShouldBe(video.Bytes);
        await bed.ShouldHaveNoJobsLeftAsync();
    }

    [Fact]
    public async Task A_job_waiting_for_a_worker_that_died_takes_the_download_over_when_its_lease_runs_out()
    {
        await using var bed = await WorkerTestBed.CreateAsync(moto);
        await using var server = await LoopbackVideoServer.StartAsync(Ct);
        var gate = new ResponseGate(HeldAfterBytes);
        server.Serve("/shared.mp4", video.Bytes, "video/mp4", new ServeOptions(Gate: gate));
        using var ytDlp = new StandInYtDlp();
        var first = bed.StartWorker(new Dictionary<string, string> { ["Downloads__YtDlpPath"] = ytDlp.Path });
        var holder = await bed.SendJobAsync(RequestKind.Url, server.Url("/shared.mp4"), chatId: 1);
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60), Ct);

        bed.StartWorker(new Dictionary<string, string> { ["Downloads__YtDlpPath"] = ytDlp.Path });
        var waiter = await bed.SendJobAsync(RequestKind.Url, server.Url("/shared.mp4"), chatId: 2);
        await Condition.WaitUntilAsync(() => Task.FromResult(bed.CountOutput(Waiting) == 1), "the second job waiting", TimeSpan.FromSeconds(60));
        first.Kill();
        await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        gate.Release();

        // The waiter takes the lease over once it runs out, and the dead worker's job comes back to the live one.
        foreach (var job in new[] { waiter, holder })
            (await bed.WaitForFinalResultAsync(job.JobId)).Body!.Kind.ShouldBe(JobResultKind.Succeeded);
        bed.CountOutput("taking it over").ShouldBe(1, bed.Output);
        ytDlp.Runs().Count(run => run.IsDownload).ShouldBe(2);
        (await bed.StoredKeysAsync()).ShouldAllBe(key => !key.StartsWith(DownloadLeases.KeyPrefix, StringComparison.Ordinal));
        await bed.ShouldHaveNoJobsLeftAsync();
    }
}
