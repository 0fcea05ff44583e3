using TelegramAI.Telegram.Types;

namespace TelegramAI.Telegram;

/// <summary>
/// A Bot API call that did not succeed: Telegram could not be reached, did not answer in time, or
/// answered with something other than the Bot API envelope. Messages never contain the bot token.
/// </summary>
public class RequestException : Exception
{
    public RequestException(string methodName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        MethodName = methodName;
    }

    /// <summary>The Bot API method, for example <c>sendMessage</c>.</summary>
    public string MethodName { get; }
}

/// <summary>Telegram answered the call with <c>"ok": false</c>.</summary>
public sealed class ApiRequestException(string methodName, int errorCode, string description, ResponseParameters? parameters)
    : RequestException(methodName, $"Telegram {methodName} failed with {errorCode}: {description}")
{
    /// <summary>Telegram's <c>error_code</c>; it mirrors the HTTP status (400, 401, 403, 409, 429…).</summary>
    public int ErrorCode { get; } = errorCode;

    /// <summary>Telegram's <c>description</c>, for example <c>Bad Request: chat not found</c>.</summary>
    public string Description { get; } = description;

    /// <summary>Telegram's <c>parameters</c>: <c>retry_after</c> for 429, <c>migrate_to_chat_id</c> for a migrated group.</summary>
    public ResponseParameters? Parameters { get; } = parameters;
}
