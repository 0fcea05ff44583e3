namespace TelegramAI.Benchmarks.Scaling;

/// <summary>
/// Job processing times as a log-normal distribution fitted to a mean and a 95th percentile, the two figures the
/// worker's measurements give (<c>JobProcessingTime</c>). For a log-normal, mean = exp(mu + sigma^2 / 2) and
/// p95 = exp(mu + 1.645 sigma), so sigma solves sigma^2 / 2 - 1.645 sigma + ln(p95 / mean) = 0 (the smaller root,
/// the one with a finite spread) and mu = ln(mean) - sigma^2 / 2.
/// </summary>
public sealed class JobTimes
{
    /// <summary>The standard normal distribution's 95th percentile.</summary>
    private const double Z95 = 1.6448536269514722;

    public JobTimes(TimeSpan mean, TimeSpan p95)
    {
        var ratio = Math.Log(p95.TotalSeconds / mean.TotalSeconds);
        var discriminant = Z95 * Z95 - 2 * ratio;
        if (p95 <= mean || discriminant < 0)
        {
            throw new ArgumentException(
                $"a log-normal with mean {mean.TotalSeconds:0.#} s has a 95th percentile above the mean and at most {mean.TotalSeconds * Math.Exp(Z95 * Z95 / 2):0.#} s; {p95.TotalSeconds:0.#} s is not one");
        }

        Sigma = Z95 - Math.Sqrt(discriminant);
        Mu = Math.Log(mean.TotalSeconds) - Sigma * Sigma / 2;
    }

    public double Mu { get; }

    public double Sigma { get; }

    public double MeanSeconds => Math.Exp(Mu + Sigma * Sigma / 2);

    public double Percentile95Seconds => Math.Exp(Mu + Z95 * Sigma);

    /// <summary>One draw, in seconds (Box-Muller on two uniforms of <paramref name="random"/>).</summary>
    public double Next(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        return Math.Exp(Mu + Sigma * normal);
    }
}
