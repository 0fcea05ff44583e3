namespace TelegramAI.Telegram.Emulator;

/// <summary>
/// A request the stand-in refuses, thrown while its parameters are read and answered as Telegram answers:
/// <c>{"ok":false,"error_code":…,"description":…}</c> with the same HTTP status.
/// </summary>
internal sealed class Refusal(int errorCode, string description) : Exception(description)
{
    public int ErrorCode { get; } = errorCode;

    public string Description { get; } = description;

    /// <summary><c>parameters.migrate_to_chat_id</c>: the group became this supergroup.</summary>
    public long? MigrateToChatId { get; init; }

    /// <summary>
    /// A 400 worded as the official server words its own checks: "Bad Request: " and the reason with its first
    /// letter lowered, unless it reads like an error constant (MESSAGE_TOO_LONG).
    /// </summary>
    public static Refusal BadRequest(string reason) =>
        new(400, reason.Length >= 2 && (reason[1] == '_' || char.IsAsciiLetterUpper(reason[1]))
            ? $"Bad Request: {reason}"
            : $"Bad Request: {char.ToLowerInvariant(reason[0])}{reason[1..]}");

    public static Refusal Forbidden(string reason) => new(403, $"Forbidden: {reason}");
}
