using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using TelegramAI.Aws.CloudFormation;
using TelegramAI.Aws.Emulator;
using TelegramAI.Aws.Runtime;
using TelegramAI.Deployment;

namespace TelegramAI.Benchmarks;

/// <summary>
/// <c>apphost [--rounds N]</c>: what `dotnet run` on the AppHost costs on this machine. Each round times
/// <c>dotnet run --no-build</c> of the AppHost (its launch profile, so the dashboard too) until it writes
/// that every resource is healthy, and adds up the PSS of every process it started, with one worker, by
/// kind: the AppHost, DCP, the dashboard, moto, the services, and the <c>dotnet run</c> wrappers DCP puts
/// around each project. The baseline, in the same round: the same system as bare processes (moto, the
/// stack deployed by the same code, the stand-in, Bot, MetricSender, one worker, each <c>dotnet X.dll</c>)
/// until each answers /health, and its PSS.
/// </summary>
internal static class AppHostBenchmark
{
    private static readonly string Root = typeof(AppHostBenchmark).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(metadata => metadata.Key == "RepositoryRoot").Value!;

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args is ["--rounds", var n] ? int.Parse(n, CultureInfo.InvariantCulture) : 3;
        Console.WriteLine("building the AppHost and the services (Release), not timed...");
        await RunToEndAsync("dotnet", ["build", "-c", "Release", "-v", "q", "--nologo", Path.Combine(Root, "TelegramAI.AppHost")]);

        var results = new List<(double Seconds, Dictionary<string, long> Pss, double BareSeconds, long BarePss)>();
        for (var round = 1; round <= rounds; round++)
        {
            var (seconds, pss) = await AppHostRoundAsync();
            var (bareSeconds, barePss) = await BareRoundAsync();
            results.Add((seconds, pss, bareSeconds, barePss));
            var total = pss.Values.Sum();
            Console.WriteLine(FormattableString.Invariant(
                $"round {round}: AppHost {seconds:0.0} s to all healthy, {Mb(total)} MB PSS ({string.Join(", ", pss.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {Mb(p.Value)}"))}); bare processes {bareSeconds:0.0} s, {Mb(barePss)} MB; ratios {seconds / bareSeconds:0.00} time, {(double)total / barePss:0.00} memory"));
        }

        var median = results.OrderBy(r => r.Seconds).ElementAt(results.Count / 2);
        var medianPss = results.Select(r => r.Pss.Values.Sum()).Order().ElementAt(results.Count / 2);
        Console.WriteLine(FormattableString.Invariant(
            $"median: {median.Seconds:0.0} s from `dotnet run --no-build` to every resource healthy (aim: at most 15 s), {Mb(medianPss)} MB PSS with one worker (aim: at most 1024 MB); the dotnet run wrappers {Mb(results.Select(r => r.Pss.GetValueOrDefault("dotnet run wrappers")).Order().ElementAt(results.Count / 2))} MB of it"));
        return 0;
    }

    private static async Task<(double Seconds, Dictionary<string, long> Pss)> AppHostRoundAsync()
    {
        var clock = Stopwatch.StartNew();
        var start = new ProcessStartInfo("dotnet", ["run", "--no-build", "-c", "Release", "--project", Path.Combine(Root, "TelegramAI.AppHost")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        start.Environment.Remove("AWS_ENDPOINT_URL");
        start.Environment.Remove("Telegram__BotToken");
        using var run = Process.Start(start)!;
        var healthy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new List<string>();
        run.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.Add(e.Data);
            }

            if (e.Data.Contains("All resources are healthy", StringComparison.Ordinal))
            {
                healthy.TrySetResult();
            }
        };
        run.ErrorDataReceived += (_, _) => { };
        run.BeginOutputReadLine();
        run.BeginErrorReadLine();
        try
        {
            await healthy.Task.WaitAsync(Limit);
        }
        catch (TimeoutException)
        {
            lock (output)
            {
                throw new TimeoutException($"the AppHost was not healthy within {Limit.TotalSeconds:0} s:\n{string.Join('\n', output.TakeLast(40))}");
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;

        // Memory once the first requests are over: the services have answered health checks and the MetricSender has published.
        await Task.Delay(TimeSpan.FromSeconds(15));
        var processes = Processes.Tree(run.Id);
        var pss = processes.GroupBy(Kind).ToDictionary(group => group.Key, group => group.Sum(process => Processes.Pss(process.Pid)));

        var appHost = processes.First(process => process.CommandLine.EndsWith("/TelegramAI.AppHost", StringComparison.Ordinal));
        Processes.Signal(appHost.Pid, "TERM");
        await run.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        await Processes.WaitGoneAsync(processes, TimeSpan.FromSeconds(30));
        return (seconds, pss);
    }

    private static string Kind(ProcessInfo process) => process.CommandLine switch
    {
        var c when c.StartsWith("dotnet run", StringComparison.Ordinal) => "dotnet run wrappers",
        var c when c.Contains("/TelegramAI.AppHost", StringComparison.Ordinal) => "AppHost",
        var c when c.Contains("/dcp ", StringComparison.Ordinal) => "DCP",
        var c when c.Contains("Aspire.Dashboard", StringComparison.Ordinal) => "dashboard",
        var c when c.Contains("moto_server", StringComparison.Ordinal) => "moto",
        var c when c.Contains("TelegramAI.", StringComparison.Ordinal) => "services",
        _ => "other",
    };

    /// <summary>The baseline: the same processes without Aspire, each started by hand and waited for on /health.</summary>
    private static async Task<(double Seconds, long Pss)> BareRoundAsync()
    {
        var clock = Stopwatch.StartNew();
        await using var moto = await MotoServer.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var settings = AwsClientSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(moto.Environment.Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value))).Build());
        using var ec2 = settings.CreateEc2Client();
        var outputs = await LocalStack.DeployAsync(
            new CloudFormationClient(http, settings), ec2, settings.Region,
            new LocalStackParameters("telegramai-bench", MinWorkers: 1, MaxWorkers: 5, Workers: 1, BacklogPerInstanceTarget: 10), CancellationToken.None);
        using var scratch = new TempDirectory();
        var apiPort = LoopbackPort.Free();
        var aws = moto.Environment.ToDictionary();
        var queues = new Dictionary<string, string>(aws) { ["Queues__Jobs"] = outputs.JobsQueueUrl, ["Queues__Results"] = outputs.ResultsQueueUrl };
        var services = new List<(string Dll, Dictionary<string, string> Environment)>
        {
            (Dll("TelegramAI.Telegram.LocalChat"), new() { ["LocalChat__ApiPort"] = apiPort.ToString(CultureInfo.InvariantCulture) }),
            (Dll("TelegramAI.Bot"), new(queues)
            {
                ["Telegram__BotToken"] = "123456789:AAEmulatedBotTokenForLocalUseOnly_0123",
                ["Telegram__ApiBaseUrl"] = $"http://127.0.0.1:{apiPort}",
                ["Bot__StateDirectory"] = Path.Combine(scratch.Path, "bot"),
            }),
            (Dll("TelegramAI.MetricSender"), new(aws)
            {
                ["Scaling__Targets__0__Queue"] = outputs.JobsQueueUrl,
                ["Scaling__Targets__0__AutoScalingGroup"] = outputs.WorkerGroup,
            }),
            (Dll("TelegramAI.Worker"), new(queues) { ["Storage__Bucket"] = outputs.Bucket, ["Worker__TempDirectory"] = Path.Combine(scratch.Path, "worker") }),
        };

        var started = new List<(Process Process, int Port)>();
        try
        {
            foreach (var (dll, environment) in services)
            {
                var port = LoopbackPort.Free();
                var start = new ProcessStartInfo("dotnet", [dll]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var (key, value) in environment)
                {
                    start.Environment[key] = value;
                }

                start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
                var process = Process.Start(start)!;
                process.OutputDataReceived += (_, _) => { };
                process.ErrorDataReceived += (_, _) => { };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                started.Add((process, port));

                // In the AppHost's order: each waits for what it needs (the stand-in before the bot).
                if (dll.Contains("LocalChat", StringComparison.Ordinal))
                {
                    await WaitHealthyAsync(http, process, port);
                }
            }

            foreach (var (process, port) in started)
            {
                await WaitHealthyAsync(http, process, port);
            }

            var seconds = clock.Elapsed.TotalSeconds;
            await Task.Delay(TimeSpan.FromSeconds(15));
            var pss = Processes.Pss(moto.ProcessId) + started.Sum(service => Processes.Tree(service.Process.Id).Sum(process => Processes.Pss(process.Pid)));
            return (seconds, pss);
        }
        finally
        {
            foreach (var (process, _) in started)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                process.Dispose();
            }
        }
    }

    private static async Task WaitHealthyAsync(HttpClient http, Process process, int port)
    {
        using var deadline = new CancellationTokenSource(Limit);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.StartInfo.ArgumentList[0]} exited with {process.ExitCode}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"), deadline.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            // A child process with no readiness signal of its own: polled, bounded by the deadline.
            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }

    private static string Dll(string project) => Path.Combine(Root, project, "bin", "Release", "net10.0", project + ".dll");

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0", CultureInfo.InvariantCulture);

    private static async Task RunToEndAsync(string file, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}");
        }
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("telegramai-bench-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
