using System.Diagnostics;
using System.Reflection;

namespace TelegramAI.Tests.Support;

/// <summary><c>dotnet TelegramAI.MetricSender.dll</c> as a child process, with exactly the environment a test gives it.</summary>
public static class MetricSenderProcess
{
    private static readonly string MetricSenderDll = typeof(MetricSenderProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(metadata => metadata.Key == "MetricSenderDll").Value!;

    /// <summary>Runs it to its exit (at most a minute); an empty value unsets the variable, as for an operator who never set it.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] arguments, IEnumerable<(string Key, string Value)> environment)
    {
        var start = new ProcessStartInfo("dotnet", [MetricSenderDll, .. arguments])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            if (value.Length == 0)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
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
