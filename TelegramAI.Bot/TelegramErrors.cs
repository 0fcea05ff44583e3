using TelegramAI.Telegram;

namespace TelegramAI.Bot;

/// <summary>How the bot reads a failed Bot API call.</summary>
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
        RequestException => true,
        _ => false,
    };

    /// <summary>An edit that changes nothing: the message already says it, which is what was wanted.</summary>
    public static bool IsNotModified(Exception exception) =>
        exception is ApiRequestException { ErrorCode: 400 } api && api.Description.Contains("message is not modified", StringComparison.OrdinalIgnoreCase);
}
