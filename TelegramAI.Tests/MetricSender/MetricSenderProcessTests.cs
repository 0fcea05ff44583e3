using System.Diagnostics;
using System.Reflection;
using TelegramAI.MetricSender.Scheduling;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.MetricSender;

/// <summary><c>dotnet TelegramAI.MetricSender.dll --once</c>, run the way cron or an operator runs it.</summary>
public sealed class MetricSenderProcessTests(MotoFixture moto)
{
    private static readonly string MetricSenderDll = typeof(MetricSenderProcessTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(metadata => metadata.Key == "MetricSenderDll").Value!;

    private readonly ScalingTestBed _bed = new(moto);

    [Fact]
    public async Task Once_publishes_one_period_and_exits_0()
    {
        var workers = await _bed.WorkerGroupAsync(desiredCapacity: 2, messages: 4);

        var (exitCode, stdout, stderr) = await RunOnceAsync(("Scaling__Targets__0__Queue", workers.QueueName), ("Scaling__Targets__0__AutoScalingGroup", workers.Group));

        exitCode.ShouldBe(0, stdout + stderr);
        stderr.ShouldBeEmpty();
        await _bed.ShouldHavePublishedAsync(workers.Group, backlogPerInstance: 2, messages: 4, capacity: 2);
    }

    [Fact]
    public async Task Once_with_a_missing_group_publishes_the_others_logs_the_group_and_exits_1()
    {
        var workers = await _bed.WorkerGroupAsync(desiredCapacity: 0, messages: 3);
        var missing = MotoFixture.UniqueName("gone");

        var (exitCode, stdout, _) = await RunOnceAsync(
            ("Scaling__Targets__0__Queue", workers.QueueUrl), ("Scaling__Targets__0__AutoScalingGroup", workers.Group),
            ("Scaling__Targets__1__Queue", workers.QueueUrl), ("Scaling__Targets__1__AutoScalingGroup", missing));

        exitCode.ShouldBe(OnceCommand.IncompleteExitCode);
        stdout.ShouldContain($"Autoscaling group not found: {missing}");
        await _bed.ShouldHavePublishedAsync(workers.Group, backlogPerInstance: 3, messages: 3, capacity: 0);
    }

    [Fact]
    public async Task The_service_without_an_AWS_region_stops_at_start_with_one_line_naming_the_key()
    {
        var (exitCode, stdout, stderr) = await RunAsync([], ("AWS_REGION", ""), ("Scaling__Targets__0__Queue", "jobs"), ("Scaling__Targets__0__AutoScalingGroup", "workers"));

        exitCode.ShouldBe(Microsoft.Extensions.Hosting.ServiceRunExtensions.ConfigurationErrorExitCode);
        stderr.ShouldBe("AWS_REGION: is not set; set it to the AWS region, for example us-east-1." + Environment.NewLine);
        stdout.ShouldNotContain("   at ");
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> RunOnceAsync(params (string Key, string Value)[] settings) =>
        RunAsync([OnceCommand.Switch], settings);

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] arguments, params (string Key, string Value)[] settings)
    {
        var start = new ProcessStartInfo("dotnet", [MetricSenderDll, .. arguments])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in moto.Server.Environment.Select(e => (e.Key, e.Value)).Concat(settings).Append(("Scaling__Namespace", _bed.Namespace)))
        {
            start.Environment[key] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        using var process = Process.Start(start)!;
        try
        {
            var ct = TestContext.Current.CancellationToken;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromMinutes(1), ct);
            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
