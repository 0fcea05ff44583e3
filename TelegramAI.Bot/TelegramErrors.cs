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

    /// <summary>
    /// The bot may no longer write to the chat: 403 (blocked by the user, kicked from the group, the user's account
    /// deleted, the group deleted) or 400 "chat not found". Writing again fails the same way until the chat comes
    /// back (the user writes, the bot is added again).
    /// </summary>
    public static bool IsChatGone(Exception exception) =>
        exception is ApiRequestException { ErrorCode: 403 }
        || exception is ApiRequestException { ErrorCode: 400 } api && api.Message.Contains("chat not found", StringComparison.OrdinalIgnoreCase);

    /// <summary>400 with <c>migrate_to_chat_id</c>: the group became a supergroup, where the message should go.</summary>
    public static long? MigratedTo(Exception exception) => (exception as ApiRequestException)?.Parameters?.MigrateToChatId;

    /// <summary>A 429 and the wait Telegram asked for.</summary>
    public static TimeSpan? FloodWait(Exception exception) =>
        exception is ApiRequestException { ErrorCode: 429 } api ? TimeSpan.FromSeconds(Math.Max(1, api.Parameters?.RetryAfter ?? 1)) : null;

    /// <summary>The edited message is gone: the user deleted it (or it is too old to edit).</summary>
    public static bool IsMessageToEditGone(Exception exception) =>
        exception is ApiRequestException { ErrorCode: 400 } api
        && (api.Message.Contains("message to edit not found", StringComparison.OrdinalIgnoreCase)
            || api.Message.Contains("message can't be edited", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Telegram would not take a video: 413 for an upload over its limit, or 400 when it could not fetch (or would not
    /// take) the URL it was given. The user has the link.
    /// </summary>
    public static bool IsVideoRefused(Exception exception) =>
        exception is ApiRequestException { ErrorCode: 413 }
        || exception is RequestException { HttpStatusCode: System.Net.HttpStatusCode.RequestEntityTooLarge }
        || exception is ApiRequestException { ErrorCode: 400 } api
            && (api.Message.Contains("failed to get HTTP URL content", StringComparison.OrdinalIgnoreCase)
                || api.Message.Contains("wrong file identifier/HTTP URL", StringComparison.OrdinalIgnoreCase)
                || api.Message.Contains("wrong type of the web page content", StringComparison.OrdinalIgnoreCase));

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
