using System.Diagnostics;
using System.Net;

namespace TelegramAI.Bot.Telegram;

/// <summary>
/// Logs each Bot API call by its method name, never by its URL, which holds the bot token: it replaces
/// IHttpClientFactory's own request loggers, which write the URL and are removed from this client.
/// A 429 is a warning (Telegram.Bot waits it out and repeats the call when the wait is short enough);
/// everything else is debug detail, since the callers log what a failure means for the user.
/// </summary>
public sealed partial class TelegramCallLogging(ILogger<TelegramCallLogging> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var method = TelegramCallDeadline.MethodOf(request);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            LogAnswered(method, (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                LogRateLimited(method, response.Headers.RetryAfter?.ToString() ?? "none");
            }

            return response;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(method, e.GetType().Name, TelegramTokenRedactor.Redact(e.Message));
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telegram {Method} answered {StatusCode} in {ElapsedMs:0} ms")]
    private partial void LogAnswered(string method, int statusCode, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram {Method} was rate limited (429; Retry-After: {RetryAfter})")]
    private partial void LogRateLimited(string method, string retryAfter);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telegram {Method} failed: {Kind}: {Reason}")]
    private partial void LogFailed(string method, string kind, string reason);
}
