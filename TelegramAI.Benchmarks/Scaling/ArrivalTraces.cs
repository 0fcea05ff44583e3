namespace TelegramAI.Benchmarks.Scaling;

/// <summary>The kinds of day the simulator replays.</summary>
public enum TraceKind
{
    /// <summary>Poisson arrivals at the mean rate all day.</summary>
    Steady,

    /// <summary>Nothing, then a burst of jobs at once onto an empty group, then nothing.</summary>
    Burst,

    /// <summary>Poisson arrivals whose rate follows a daily wave from 0.1x to 3x the mean (lowest at midnight).</summary>
    Wave,

    /// <summary>Poisson arrivals at the mean rate, plus spikes of 50 to 300 jobs within a minute at random times.</summary>
    Spikes,
}

/// <summary>Generates one day of jobs per kind, each from its own fixed seed, so every run replays the same days.</summary>
public sealed class ArrivalTraces(double jobsPerMinute, int burstJobs, JobTimes times, TimeSpan length)
{
    public const double WaveLow = 0.1;
    public const double WaveHigh = 3.0;

    /// <summary>Spikes come at random, about one every two hours.</summary>
    public static readonly TimeSpan MeanTimeBetweenSpikes = TimeSpan.FromHours(2);

    public const int SmallestSpike = 50;
    public const int LargestSpike = 300;

    /// <summary>The burst lands an hour into the day, onto a group that has scaled to nothing.</summary>
    public static readonly TimeSpan BurstAt = TimeSpan.FromHours(1);

    public static int SeedOf(TraceKind kind) => 1_000 + (int)kind;

    public IReadOnlyList<SimulatedJob> Generate(TraceKind kind)
    {
        var random = new Random(SeedOf(kind));
        var seconds = length.TotalSeconds;
        var rate = jobsPerMinute / 60;
        var arrivals = kind switch
        {
            TraceKind.Steady => Poisson(random, _ => rate, rate, seconds),
            TraceKind.Burst => Enumerable.Repeat(BurstAt.TotalSeconds, burstJobs).ToList(),
            TraceKind.Wave => Poisson(random, t => rate * WaveFactor(t / seconds), rate * WaveHigh, seconds),
            TraceKind.Spikes => [.. Poisson(random, _ => rate, rate, seconds), .. Spikes(random, seconds)],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        arrivals.Sort();
        return arrivals.Select(arrival => new SimulatedJob(arrival, times.Next(random))).ToList();
    }

    /// <summary>The wave's rate as a multiple of the mean, at <paramref name="dayFraction"/> of the day: 0.1 at midnight, 3 at noon.</summary>
    public static double WaveFactor(double dayFraction) =>
        (WaveHigh + WaveLow) / 2 - (WaveHigh - WaveLow) / 2 * Math.Cos(2 * Math.PI * dayFraction);

    /// <summary>A Poisson process of rate <paramref name="rateAt"/> (per second) by thinning one of rate <paramref name="peak"/>.</summary>
    private static List<double> Poisson(Random random, Func<double, double> rateAt, double peak, double seconds)
    {
        var arrivals = new List<double>();
        for (var t = Exponential(random, peak); t < seconds; t += Exponential(random, peak))
        {
            if (random.NextDouble() * peak < rateAt(t))
                arrivals.Add(t);
        }

        return arrivals;
    }

    private static IEnumerable<double> Spikes(Random random, double seconds)
    {
        var perSecond = 1 / MeanTimeBetweenSpikes.TotalSeconds;
        for (var t = Exponential(random, perSecond); t < seconds; t += Exponential(random, perSecond))
        {
            var size = random.Next(SmallestSpike, LargestSpike + 1);
            for (var i = 0; i < size; i++)
                yield return Math.Min(t + random.NextDouble() * 60, seconds - 1e-3);
        }
    }

    private static double Exponential(Random random, double rate) => -Math.Log(1.0 - random.NextDouble()) / rate;
}
