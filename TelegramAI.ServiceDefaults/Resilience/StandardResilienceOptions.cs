namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Settings of <see cref="ResilienceHttpClientBuilderExtensions.AddStandardResilienceHandler"/>.
/// The defaults are those of Microsoft.Extensions.Http.Resilience's standard handler.
/// </summary>
public sealed class StandardResilienceOptions
{
    /// <summary>The whole request, every attempt and delay included.</summary>
    public TimeSpan TotalRequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>One attempt; a timed-out attempt is retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt; only idempotent requests are retried.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First retry delay, doubled for each further retry, with jitter; a Retry-After header wins.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Share of failed attempts within <see cref="CircuitBreakerSamplingDuration"/> that opens the circuit.</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.1;

    /// <summary>Attempts within the sampling duration before the failure ratio counts.</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 100;

    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit fails requests at once before it lets one through.</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
