using System.Diagnostics;
using System.Reflection;
using TelegramAI.Aws.CloudFormation;
using TelegramAI.Contracts.Configuration;
using TelegramAI.Telegram.Emulator;
using TelegramAI.Tests.Support;
using TelegramAI.Tests.Worker;

namespace TelegramAI.Tests.ServiceDefaults;

/// <summary>
/// The three services as bare processes on one host, with only the README's keys (no ASPNETCORE_URLS):
/// each listens on its own default health port, so none exits with "address already in use".
/// </summary>
public sealed class SideBySideTests(MotoFixture moto)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Bot_Worker_and_MetricSender_run_side_by_side_each_answering_health_on_its_own_loopback_port()
    {
        await using var bed = await WorkerTestBed.CreateAsync(moto);
        await using var telegram = await TelegramBotApiEmulator.StartAsync(cancellationToken: Ct);
        var group = await LocalStacks.DeployAsync(
            new CloudFormationClient(moto.Http, moto.Settings()), MotoFixture.UniqueName("side-by-side"), LocalStacks.WorkerGroupTemplate(desiredCapacity: 1), Ct);
        using var state = new TempFolder();
        var shared = new Dictionary<string, string>(moto.Server.Environment)
        {
            ["Queues__Jobs"] = bed.Jobs.QueueUrl,
            ["Queues__Results"] = bed.Results.QueueUrl,
        };

        using var bot = Start("BotDll", shared, new()
        {
            ["Telegram__BotToken"] = telegram.BotToken,
            ["Telegram__ApiBaseUrl"] = telegram.BaseUrl.ToString(),
            ["Bot__StateDirectory"] = state.FullPath,
        });
        using var worker = Start("WorkerDll", shared, new()
        {
            ["Storage__Bucket"] = bed.Bucket,
            ["Worker__TempDirectory"] = bed.TempDirectory.FullPath,
        });
        using var metricSender = Start("MetricSenderDll", moto.Server.Environment, new()
        {
            ["Scaling__Targets__0__Queue"] = group["JobsQueueUrl"],
            ["Scaling__Targets__0__AutoScalingGroup"] = group["WorkerGroupName"],
        });

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var (service, port) in new[] { (bot, DefaultHealthPorts.Bot), (worker, DefaultHealthPorts.Worker), (metricSender, DefaultHealthPorts.MetricSender) })
        {
            await Condition.WaitUntilAsync(
                async () => service.HasExited ? throw new InvalidOperationException($"exited with {service.ExitCode}") : await AnswersAsync(http, port),
                $"/alive on 127.0.0.1:{port}",
                TimeSpan.FromSeconds(60));
        }

        new[] { bot, worker, metricSender }.ShouldAllBe(process => !process.HasExited);
    }

    private static async Task<bool> AnswersAsync(HttpClient http, int port)
    {
        try
        {
            return (await http.GetAsync(new Uri($"http://127.0.0.1:{port}/alive"), Ct)).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static BareService Start(string dllKey, IReadOnlyDictionary<string, string> shared, Dictionary<string, string> own)
    {
        var dll = typeof(SideBySideTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(metadata => metadata.Key == dllKey).Value!;
        var start = new ProcessStartInfo("dotnet", [dll]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var name in start.Environment.Keys.Where(key => key.StartsWith("AWS_", StringComparison.Ordinal) || key.StartsWith("OTEL_", StringComparison.Ordinal)
            || key is "ASPNETCORE_URLS" or "HTTP_PORTS" or "ASPNETCORE_HTTP_PORTS" or "URLS").ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (key, value) in shared.Concat(own))
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new BareService(process);
    }

    /// <summary>A service process, killed with whatever it started when disposed.</summary>
    private sealed class BareService(Process process) : IDisposable
    {
        public bool HasExited => process.HasExited;

        public int ExitCode => process.ExitCode;

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }
    }
}
