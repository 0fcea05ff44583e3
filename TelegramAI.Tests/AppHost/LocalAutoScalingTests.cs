using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.AppHost;

/// <summary>The local autoscaler: target tracking on the MetricSender's BacklogPerInstance starts and stops worker resources.</summary>
[Collection(AppHostCollection.Name)]
public sealed class LocalAutoScalingTests(AppHostFixture host, TestVideo video)
{
    private const int Jobs = 30;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_burst_of_jobs_grows_the_worker_pool_and_an_empty_queue_shrinks_it_back_to_the_minimum_with_every_job_answered()
    {
        await using var videos = await LoopbackVideoServer.StartAsync(Ct);
        var paths = Enumerable.Range(1, Jobs).Select(i => $"/burst/{i}.mp4").ToList();
        foreach (var path in paths)
        {
            // About two seconds a download, so the queue stays deep for a few of the MetricSender's periods.
            videos.Serve(path, video.Bytes, "video/mp4", new ServeOptions(BytesPerSecond: video.Bytes.Length / 2));
        }

        await Condition.WaitUntilAsync(() => Task.FromResult(host.WorkersUp() == 1), "the pool at its minimum before the burst", TimeSpan.FromMinutes(1));
        using var http = new HttpClient();
        var user = new TelegramHooksClient(http, host.TelegramHooks);

        // One user each, so the bot's per-chat rate limit does not hold the burst back.
        var users = Enumerable.Range(0, Jobs).Select(i => 5001L + i).ToList();
        await Task.WhenAll(users.Select((id, i) => user.SendAsync(id, videos.Url(paths[i]), Ct)));

        var most = 1;
        await Condition.WaitUntilAsync(
            () => Task.FromResult((most = Math.Max(most, host.WorkersUp())) > 1), "more than one worker for the burst", TimeSpan.FromMinutes(2));
        await Task.WhenAll(users.Select(id => user.WaitForMessagesAsync(
            id, messages => messages.Any(m => m.Text.Contains("Download link", StringComparison.Ordinal)), TimeSpan.FromMinutes(4), Ct)));

        await Condition.WaitUntilAsync(
            () => Task.FromResult(host.WorkersUp() == 1), "the pool back at its minimum once the queue is empty", TimeSpan.FromMinutes(2));
        most.ShouldBeLessThanOrEqualTo(AppHostFixture.MaxWorkers);
        host.StateOf("worker-1").ShouldBe("Running");
    }
}
