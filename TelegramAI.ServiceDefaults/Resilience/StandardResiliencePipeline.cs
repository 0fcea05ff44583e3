using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace TelegramAI.ServiceDefaults.Resilience;

/// <summary>
/// Total timeout, retry, circuit breaker and attempt timeout, outermost first, as in
/// Microsoft.Extensions.Http.Resilience's standard handler.
/// </summary>
internal static class StandardResiliencePipeline
{
    /// <summary>Set per request by <see cref="ResilienceHandler"/>: whether it may be sent again.</summary>
    public static readonly ResiliencePropertyKey<bool> MayRetry = new("TelegramAI.MayRetry");

    public static ResiliencePipeline<HttpResponseMessage> Create(StandardResilienceOptions options, TimeProvider timeProvider)
    {
        var transientFailure = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .HandleResult(IsTransient);
        Func<RetryPredicateArguments<HttpResponseMessage>, ValueTask<bool>> isTransientForRetry = transientFailure;

        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddTimeout(options.TotalRequestTimeout)
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = arguments => arguments.Context.Properties.GetValue(MayRetry, false)
                    ? isTransientForRetry(arguments)
                    : PredicateResult.False(),
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                DelayGenerator = arguments => ValueTask.FromResult(RetryAfter(arguments.Outcome.Result, timeProvider.GetUtcNow())),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = transientFailure,
                FailureRatio = options.CircuitBreakerFailureRatio,
                MinimumThroughput = options.CircuitBreakerMinimumThroughput,
                SamplingDuration = options.CircuitBreakerSamplingDuration,
                BreakDuration = options.CircuitBreakerBreakDuration,
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    public static bool IsTransient(HttpResponseMessage response) =>
        (int)response.StatusCode >= 500
        || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    /// <summary>How long the server asked us to wait, or null to use the backoff delay.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, DateTimeOffset now)
    {
        var retryAfter = response?.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date - now);
        return delay is { } wait ? TimeSpan.FromTicks(Math.Max(wait.Ticks, 0)) : null;
    }
}
