using System.Diagnostics;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.RegularExpressions;
using TelegramAI.Aws.Emulator;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.AppHost;

/// <summary>
/// The AppHost as its own process, as `dotnet run` starts it: a wrong setting stops it with one line, and
/// SIGTERM (what Ctrl-C and a supervisor send) leaves none of the processes it started behind.
/// </summary>
public sealed partial class AppHostProcessTests(TestVideo video)
{
    private static readonly string AppHostDll = typeof(AppHostProcessTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(metadata => metadata.Key == "AppHostDll").Value!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_setting_out_of_range_stops_the_AppHost_with_one_line_naming_the_key()
    {
        using var host = Start(new() { ["AppHost__Workers"] = "4", ["AppHost__MaxWorkers"] = "3" });
        await host.Process.WaitForExitAsync(Ct);

        host.Process.ExitCode.ShouldBe(2);
        host.Lines.ShouldBe(["AppHost__Workers: must be between AppHost__MinWorkers (1) and AppHost__MaxWorkers (3)"]);
    }

    [Fact]
    public async Task SIGTERM_during_a_download_leaves_no_process_behind_and_removes_the_runs_scratch_folder()
    {
        await using var videos = await LoopbackVideoServer.StartAsync(Ct);
        var gate = new ResponseGate(afterBytes: video.Bytes.Length / 2, ResponseGate.DownloadsOnly);
        videos.Serve("/held.mp4", video.Bytes, "video/mp4", new ServeOptions(Gate: gate));
        using var host = Start(new() { ["AppHost__Workers"] = "2", ["AppHost__MaxWorkers"] = "2" });
        try
        {
            var chat = await host.WaitForLineAsync(ChatLine(), TimeSpan.FromMinutes(3));
            await host.WaitForLineAsync(HealthyLine(), TimeSpan.FromMinutes(3));
            using var http = new HttpClient();
            using (var sent = await http.PostAsJsonAsync(new Uri(new Uri(chat.Groups["url"].Value), "/chat/messages"), new { text = videos.Url("/held.mp4") }, Ct))
            {
                sent.EnsureSuccessStatusCode();
            }

            // A worker's yt-dlp is half-way through the video when the AppHost is told to stop. The gate may first be
            // reached by the resolve's own request (the kernel takes the bytes the client never reads), before the
            // download's yt-dlp has started: wait for that yt-dlp, which the gate then holds.
            await gate.Reached.WaitAsync(TimeSpan.FromMinutes(1), Ct);
            IReadOnlyList<ProcessEntry> started = [];
            await Condition.WaitUntilAsync(() =>
            {
                var all = ProcessTree.All();
                var dcp = all.Where(entry => entry.CommandLine.Contains("dcp start-apiserver", StringComparison.Ordinal)
                    && entry.CommandLine.Contains($"--monitor {host.Process.Id} ", StringComparison.Ordinal)).Select(entry => entry.Pid);
                started = ProcessTree.Descendants(all, [host.Process.Id, .. dcp]);
                return Task.FromResult(started.Any(entry => entry.CommandLine.Contains("yt-dlp", StringComparison.Ordinal)));
            }, "a worker's yt-dlp downloading the held video", TimeSpan.FromMinutes(1));
            foreach (var expected in new[] { "dcp", "Aspire.Dashboard", "moto_server", "TelegramAI.Bot", "TelegramAI.MetricSender", "TelegramAI.Worker", "TelegramAI.Telegram.LocalChat", "yt-dlp" })
            {
                started.ShouldContain(entry => entry.CommandLine.Contains(expected, StringComparison.Ordinal), $"no {expected} among {string.Join("\n", started)}");
            }

            var scratch = ScratchFolderOf(started.First(entry => entry.CommandLine.EndsWith("/TelegramAI.Bot", StringComparison.Ordinal)).Pid);
            Directory.Exists(scratch).ShouldBeTrue();

            using (var kill = Process.Start("kill", ["-TERM", host.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(Ct);
            }

            await host.Process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromMinutes(1), Ct);
            await Condition.WaitUntilAsync(() => Task.FromResult(!started.Any(entry => entry.IsAlive)), "every process the AppHost started to end", TimeSpan.FromSeconds(30));
            Directory.Exists(scratch).ShouldBeFalse(Directory.Exists(scratch)
                ? $"left behind: {string.Join(", ", Directory.EnumerateFileSystemEntries(scratch, "*", SearchOption.AllDirectories))}"
                : null);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>This run's scratch folder: the parent of the bot's state folder, read from the bot's environment.</summary>
    private static string ScratchFolderOf(int botPid) =>
        Path.GetDirectoryName(File.ReadAllText($"/proc/{botPid}/environ").Split('\0')
            .Single(variable => variable.StartsWith("Bot__StateDirectory=", StringComparison.Ordinal))["Bot__StateDirectory=".Length..])!;

    private static AppHostRun Start(Dictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet", [AppHostDll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // What the launch profile gives `dotnet run`, on free ports; nothing of the test process's own AWS or Telegram.
        start.Environment.Remove("AWS_ENDPOINT_URL");
        start.Environment.Remove("Telegram__BotToken");
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{LoopbackPort.Free()}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{LoopbackPort.Free()}";
        start.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{LoopbackPort.Free()}";
        start.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        return new AppHostRun(Process.Start(start)!);
    }

    [GeneratedRegex(@"Chat with the bot at (?<url>http://127\.0\.0\.1:\d+)/chat")]
    private static partial Regex ChatLine();

    [GeneratedRegex("All resources are healthy")]
    private static partial Regex HealthyLine();

    /// <summary>The AppHost process and its output lines; disposing kills what is left of it, by pid.</summary>
    private sealed class AppHostRun : IDisposable
    {
        private readonly Lock _gate = new();
        private readonly List<string> _lines = [];
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public AppHostRun(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => Add(e.Data);
            process.ErrorDataReceived += (_, e) => Add(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_gate)
                {
                    return [.. _lines];
                }
            }
        }

        public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            deadline.CancelAfter(timeout);
            while (true)
            {
                Task changed;
                lock (_gate)
                {
                    changed = _changed.Task;
                }

                if (Lines.Select(line => pattern.Match(line)).FirstOrDefault(match => match.Success) is { } found)
                {
                    return found;
                }

                if (Process.HasExited)
                {
                    throw new InvalidOperationException($"The AppHost exited with {Process.ExitCode}:\n{string.Join('\n', Lines.TakeLast(60))}");
                }

                try
                {
                    await Task.WhenAny(changed, Process.WaitForExitAsync(deadline.Token)).WaitAsync(deadline.Token);
                }
                catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
                {
                    throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for /{pattern}/:\n{string.Join('\n', Lines.TakeLast(60))}");
                }
            }
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit();
            }

            Process.Dispose();
        }

        private void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_gate)
            {
                _lines.Add(line);
                var previous = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                previous.TrySetResult();
            }
        }
    }
}
