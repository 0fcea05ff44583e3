using System.Text.RegularExpressions;
using TelegramAI.AppHost.Run;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.AppHost;

/// <summary>
/// The AppHost as a developer runs it: one process that brings up moto, the stack, the Telegram stand-in and
/// the services, driven from outside through the stand-in's loopback hooks, and stopped with Ctrl-C.
/// </summary>
public sealed partial class AppHostProcessTests(TestVideo video)
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopLimit = TimeSpan.FromMinutes(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Starts_each_resource_once_the_one_before_is_up_and_Ctrl_C_leaves_no_process_behind()
    {
        await using var host = AppHostProcess.Start(Settings(workers: 2));

        await host.WaitForEventAsync(HostEvent.Ready, null, StartLimit, Ct);

        host.StartedChildren.Select(child => child.Name).ShouldBe(["moto", "bot", "metric-sender", "worker-1", "worker-2"]);
        var telegram = host.Events(HostEvent.TelegramEmulatorKind).ShouldHaveSingleItem();
        telegram["hooks"].ShouldStartWith("http://127.0.0.1:");
        host.Events(HostEvent.WorkersKind).Last().ShouldBe(new Dictionary<string, string> { ["desired"] = "2", ["running"] = "2" });
        host.StartedChildren.ShouldAllBe(child => AppHostProcess.IsAlive(child.Pid));

        await host.InterruptAsync(StopLimit, Ct);

        host.ExitCode.ShouldBe(0, host.Tail());
        host.StartedChildren.Where(child => AppHostProcess.IsAlive(child.Pid)).ShouldBeEmpty();
        host.Events(HostEvent.ProcessExitedKind).Select(fields => fields["name"]).Order()
            .ShouldBe(["bot", "metric-sender", "moto", "worker-1", "worker-2"]);
        host.Lines.Last().ShouldBe(HostEvent.Prefix + HostEvent.Stopped);
    }

    [Fact]
    public async Task A_setting_out_of_range_stops_the_AppHost_with_one_line_naming_the_key()
    {
        var settings = new Dictionary<string, string>(Settings(workers: 1)) { ["AppHost__Workers"] = "4", ["AppHost__MaxWorkers"] = "3" };
        await using var host = AppHostProcess.Start(settings);

        await host.WaitForEventAsync(HostEvent.Stopped, null, StopLimit, Ct).ShouldThrowAsync<InvalidOperationException>();

        host.ExitCode.ShouldBe(2);
        host.Lines.ShouldBe(["AppHost__Workers: must be between AppHost__MinWorkers (1) and AppHost__MaxWorkers (3)"]);
    }

    [Fact]
    public async Task A_user_gets_a_link_to_the_served_bytes_and_a_burst_scales_the_workers_out_and_back_to_the_minimum()
    {
        await using var videos = await LoopbackVideoServer.StartAsync(Ct);
        videos.Serve("/video.mp4", video.Bytes, "video/mp4");
        var burst = Enumerable.Range(1, 30).Select(i => $"/burst/{i}.mp4").ToList();
        foreach (var path in burst)
        {
            // About two seconds a download, so the queue stays deep enough for the metric to ask for more workers.
            videos.Serve(path, video.Bytes, "video/mp4", new ServeOptions(BytesPerSecond: video.Bytes.Length / 2));
        }

        await using var host = AppHostProcess.Start(Settings(workers: 1));
        await host.WaitForEventAsync(HostEvent.Ready, null, StartLimit, Ct);
        var telegram = host.Events(HostEvent.TelegramEmulatorKind).Single();
        using var http = new HttpClient();
        var user = new TelegramHooksClient(http, new Uri(telegram["hooks"]));
        var chat = long.Parse(telegram["chat"], System.Globalization.CultureInfo.InvariantCulture);

        await user.SendAsync(chat, "/start", Ct);
        await user.WaitForMessagesAsync(chat, messages => messages.Count > 0, TimeSpan.FromSeconds(30), Ct);

        await user.SendAsync(chat, videos.Url("/video.mp4"), Ct);
        var done = await user.WaitForMessagesAsync(chat, messages => messages.Any(m => DownloadLink(m.Text) is not null), TimeSpan.FromMinutes(1), Ct);
        var link = done.Select(m => DownloadLink(m.Text)).First(found => found is not null)!;
        (await http.GetByteArrayAsync(link, Ct)).ShouldBe(video.Bytes);

        // One user each, so the bot's per-chat rate limit does not hold the burst back.
        var users = Enumerable.Range(0, burst.Count).Select(i => 2001L + i).ToList();
        await Task.WhenAll(users.Select((id, i) => user.SendAsync(id, videos.Url(burst[i]), Ct)));

        await host.WaitForEventAsync(HostEvent.WorkersKind, fields => int.Parse(fields["running"], System.Globalization.CultureInfo.InvariantCulture) > 1, TimeSpan.FromMinutes(1), Ct);
        await Task.WhenAll(users.Select(id => user.WaitForMessagesAsync(
            id, messages => messages.Any(m => DownloadLink(m.Text) is not null), TimeSpan.FromMinutes(3), Ct)));

        // The pool may already have shrunk while the last jobs ran (one worker was enough for them); either way it ends at the minimum.
        await host.WaitUntilAsync(
            () => host.Events(HostEvent.QueueKind).Last() is { } queue && queue["visible"] == "0" && queue["in-flight"] == "0"
                && host.Events(HostEvent.WorkersKind).Last() is { } workers && workers["desired"] == "1" && workers["running"] == "1",
            "an empty queue and the workers back at the minimum",
            TimeSpan.FromMinutes(1),
            Ct);

        await host.InterruptAsync(StopLimit, Ct);
        host.StartedChildren.Where(child => AppHostProcess.IsAlive(child.Pid)).ShouldBeEmpty();
    }

    private static Dictionary<string, string> Settings(int workers) => new()
    {
        ["AppHost__StackName"] = Support.MotoFixture.UniqueName("apphost"),
        ["AppHost__TelegramTestHooks"] = "true",
        ["AppHost__Workers"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["AppHost__MinWorkers"] = "1",
        ["AppHost__MaxWorkers"] = "3",
        ["AppHost__BacklogPerInstanceTarget"] = "5",
        ["AppHost__ScaleInCooldown"] = "00:00:05",
        ["AppHost__ScalingInterval"] = "00:00:01",
        ["AppHost__MetricPeriod"] = "00:00:10",
        ["AppHost__StopGracePeriod"] = "00:00:15",
    };

    /// <summary>The presigned link in the bot's "done" message, if the message is one.</summary>
    private static string? DownloadLink(string text) => text.Contains("Download link", StringComparison.Ordinal)
        ? Link().Matches(text).Select(match => match.Value).LastOrDefault()
        : null;

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
