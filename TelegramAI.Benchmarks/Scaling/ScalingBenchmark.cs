using System.Diagnostics;
using System.Globalization;
using TelegramAI.Benchmarks.Scaling.Policies;
using TelegramAI.Contracts.Scaling;

namespace TelegramAI.Benchmarks.Scaling;

/// <summary>
/// <c>scaling [flags]</c>: replays four days of arrivals (steady, a burst onto an empty group, a daily wave, random
/// spikes) through a model of the system and of EC2 Auto Scaling, once per scaling policy, and prints for each what
/// it cost in instance-minutes, the p50 and p95 queue wait and the jobs lost, beside the clairvoyant optimum.
/// Deterministic: each trace has its own fixed seed.
/// </summary>
public static class ScalingBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        if (ScalingSettings.Parse(args, out var error) is not { } settings)
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(ScalingSettings.Usage);
            return Task.FromResult(2);
        }

        var clock = Stopwatch.StartNew();
        var report = ScalingReport.Run(settings);
        report.Print(Console.Out);
        Console.WriteLine($"({clock.Elapsed.TotalSeconds:0.0} s)");
        return Task.FromResult(0);
    }
}
