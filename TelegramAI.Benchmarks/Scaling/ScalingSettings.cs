using System.Globalization;

namespace TelegramAI.Benchmarks.Scaling;

/// <summary>The simulator's flags, each with the default the issue and the template give.</summary>
public sealed record ScalingSettings
{
    public double JobsPerMinute { get; init; } = 30;
    public int BurstJobs { get; init; } = 500;
    public TimeSpan MeanJob { get; init; } = TimeSpan.FromSeconds(40);
    public TimeSpan P95Job { get; init; } = TimeSpan.FromSeconds(120);
    public TimeSpan Boot { get; init; } = TimeSpan.FromSeconds(90);
    public TimeSpan LatencyTarget { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan Length { get; init; } = TimeSpan.FromHours(24);
    public int Min { get; init; }
    public int Max { get; init; } = 100;

    /// <summary>Plain target tracking's instance warm-up (the template had 300 s); the capacity-gap policies have none.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>BacklogPerInstanceTarget; by default AWS's formula on the latency target and the mean job time.</summary>
    public int? Target { get; init; }

    /// <summary>Runs the workers without scale-in protection, to show what it saves.</summary>
    public bool Unprotected { get; init; }

    public int BacklogPerInstanceTarget => Target ?? Math.Max(1, (int)Math.Floor(LatencyTarget / MeanJob));

    public const string Usage =
        "usage: scaling [--rate JOBS_PER_MINUTE] [--burst JOBS] [--mean-job HH:MM:SS] [--p95-job HH:MM:SS] [--boot HH:MM:SS] "
        + "[--latency HH:MM:SS] [--hours H] [--min N] [--max N] [--target N] [--warmup HH:MM:SS] [--unprotected]";

    /// <returns>The settings, or null with the reason in <paramref name="error"/>.</returns>
    public static ScalingSettings? Parse(string[] args, out string? error)
    {
        var settings = new ScalingSettings();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i];
            if (flag == "--unprotected")
            {
                settings = settings with { Unprotected = true };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{flag} needs a value";
                return null;
            }

            var value = args[++i];
            settings = flag switch
            {
                "--rate" when Number(value) is { } rate && rate > 0 => settings with { JobsPerMinute = rate },
                "--burst" when Count(value) is { } burst => settings with { BurstJobs = burst },
                "--mean-job" when Duration(value) is { } mean => settings with { MeanJob = mean },
                "--p95-job" when Duration(value) is { } p95 => settings with { P95Job = p95 },
                "--boot" when Duration(value) is { } boot => settings with { Boot = boot },
                "--latency" when Duration(value) is { } latency => settings with { LatencyTarget = latency },
                "--hours" when Number(value) is { } hours && hours is > 0 and <= 24 * 7 => settings with { Length = TimeSpan.FromHours(hours) },
                "--min" when Count(value) is { } min => settings with { Min = min },
                "--max" when Count(value) is { } max && max >= 1 => settings with { Max = max },
                "--target" when Count(value) is { } target && target >= 1 => settings with { Target = target },
                "--warmup" when Duration(value, allowZero: true) is { } warmup => settings with { Warmup = warmup },
                _ => null,
            };
            if (settings is null)
            {
                error = $"{flag} {value}: not a flag, or not a valid value for it";
                return null;
            }
        }

        if (settings.Min > settings.Max)
            error = $"--min {settings.Min} is above --max {settings.Max}";
        else if (settings.P95Job <= settings.MeanJob)
            error = "--p95-job must be above --mean-job";
        return error is null ? settings : null;
    }

    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;

    private static int? Count(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static TimeSpan? Duration(string text, bool allowZero = false) =>
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && (value > TimeSpan.Zero || (allowZero && value == TimeSpan.Zero)) ? value : null;
}
