using Telegram.Bot.Exceptions;
using TelegramAI.Bot.Telegram;

namespace TelegramAI.Bot;

/// <summary>How the bot reads a failed Bot API call (Telegram.Bot's <see cref="RequestException"/> and <see cref="ApiRequestException"/>).</summary>
public static class TelegramErrors
{
    /// <summary>
    /// Worth trying again later: Telegram unreachable or timing out, a 5xx, or a flood wait longer than
    /// the client waits out itself. Everything else (400 chat not found, 403 blocked by the user) will
    /// fail the same way again.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        ApiRequestException api => api.ErrorCode == 429 || api.ErrorCode >= 500,

        // An answer that is not the Bot API's (a proxy's error page, say): its HTTP status decides.
        RequestException { HttpStatusCode: { } status } => (int)status == 429 || (int)status >= 500,

        // No answer at all: unreachable or timed out.
        RequestException => true,
        _ => false,
    };

    /// <summary>An edit that changes nothing: the message already says it, which is what was wanted.</summary>
    public static bool IsNotModified(Exception exception) =>
        exception is ApiRequestException { ErrorCode: 400 } api && api.Message.Contains("message is not modified", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The reason for a log line: Telegram's description (Telegram.Bot's message), with anything shaped like a
    /// bot token removed in case a proxy or a future library version puts a URL in it.
    /// </summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);

        // Telegram.Bot says only "Bot API Request timed out"; the deadline's own exception says which call and how long.
        var reason = exception is RequestException { InnerException: TaskCanceledException inner }
            ? $"{exception.Message}: {inner.Message}"
            : exception.Message;
        return TelegramTokenRedactor.Redact(reason);
    }
}
