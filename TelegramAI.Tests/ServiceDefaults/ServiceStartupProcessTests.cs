using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Hosting;

namespace TelegramAI.Tests.ServiceDefaults;

/// <summary>Runs the real MetricSender the way an operator would, with a setting missing.</summary>
public sealed class ServiceStartupProcessTests
{
    private static readonly string MetricSenderDll = typeof(ServiceStartupProcessTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(metadata => metadata.Key == "MetricSenderDll").Value!;

    [Fact]
    public async Task A_missing_setting_stops_the_service_with_one_line_naming_the_key()
    {
        var start = new ProcessStartInfo("dotnet", [MetricSenderDll])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["Scaling__Targets__0__AutoScalingGroup"] = "workers";
        start.Environment.Remove("Scaling__Targets__0__Queue");
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");

        using var process = Process.Start(start)!;
        try
        {
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

            process.ExitCode.ShouldBe(ServiceRunExtensions.ConfigurationErrorExitCode);
            (await stderr).ShouldBe("Scaling__Targets__0__Queue: is required; give the jobs queue's URL or name." + Environment.NewLine);
            (await stdout).ShouldNotContain("   at ");
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
    }
}
