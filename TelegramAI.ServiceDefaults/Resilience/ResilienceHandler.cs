using Polly;

namespace TelegramAI.ServiceDefaults.Resilience;

/// <summary>Sends each request through a resilience pipeline shared by the client's handlers.</summary>
internal sealed class ResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Only idempotent requests are retried: a POST that timed out may have been applied
        // (a Telegram message sent twice). Their content is buffered before the first attempt,
        // because a stream that has been read once cannot be sent again.
        var mayRetry = request.Method.IsIdempotent();
        if (mayRetry && request.Content is { } content)
            await content.LoadIntoBufferAsync(cancellationToken);

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StandardResiliencePipeline.MayRetry, mayRetry);
        try
        {
            return await pipeline.ExecuteAsync(
                static (context, state) => new ValueTask<HttpResponseMessage>(state.Handler.SendOnceAsync(state.Request, context.CancellationToken)),
                context,
                (Handler: this, Request: request));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}

internal static class HttpMethodExtensions
{
    public static bool IsIdempotent(this HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options
        || method == HttpMethod.Trace || method == HttpMethod.Put || method == HttpMethod.Delete;
}
