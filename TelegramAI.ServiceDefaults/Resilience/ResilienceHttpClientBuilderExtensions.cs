using TelegramAI.ServiceDefaults.Resilience;

namespace Microsoft.Extensions.DependencyInjection;

public static class ResilienceHttpClientBuilderExtensions
{
    /// <summary>
    /// Total timeout, retries of transient failures (HttpRequestException, timeouts, 5xx, 408,
    /// 429 honouring Retry-After) with exponential backoff and jitter, a circuit breaker and a
    /// timeout per attempt. Opt-in: AddServiceDefaults does not add it to every client, because
    /// the AWS and Telegram clients retry with protocol knowledge and long-poll. Only idempotent
    /// requests are retried.
    /// </summary>
    public static IHttpClientBuilder AddStandardResilienceHandler(
        this IHttpClientBuilder builder, Action<StandardResilienceOptions>? configure = null)
    {
        var options = new StandardResilienceOptions();
        configure?.Invoke(options);

        // Built once per client, not per handler: IHttpClientFactory recreates handlers every
        // few minutes and the circuit breaker's state must outlive them. Building here also
        // rejects invalid settings at registration.
        var pipeline = StandardResiliencePipeline.Create(options, TimeProvider.System);
        return builder.AddHttpMessageHandler(() => new ResilienceHandler(pipeline));
    }
}
