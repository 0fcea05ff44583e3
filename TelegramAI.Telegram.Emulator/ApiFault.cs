namespace TelegramAI.Telegram.Emulator;

/// <summary>An error answer to inject in place of a method's real one.</summary>
public sealed record ApiFault(int ErrorCode, string Description, int? RetryAfter = null)
{
    /// <summary><c>parameters.migrate_to_chat_id</c>, for <see cref="GroupUpgraded"/>.</summary>
    public long? MigrateToChatId { get; init; }

    /// <summary>Telegram's flood limit answer.</summary>
    public static ApiFault TooManyRequests(int retryAfterSeconds) =>
        new(429, $"Too Many Requests: retry after {retryAfterSeconds}", retryAfterSeconds);

    public static ApiFault InternalServerError() => new(500, "Internal Server Error");

    /// <param name="description">Telegram's wording, for example <c>Bad Request: chat not found</c>.</param>
    public static ApiFault BadRequest(string description) =>
        new(400, description.StartsWith("Bad Request", StringComparison.Ordinal) ? description : $"Bad Request: {description}");

    /// <param name="description">Telegram's wording, for example <c>Forbidden: bot was blocked by the user</c>.</param>
    public static ApiFault Forbidden(string description) =>
        new(403, description.StartsWith("Forbidden", StringComparison.Ordinal) ? description : $"Forbidden: {description}");

    /// <summary>Telegram's answer to a write to a group that became the supergroup <paramref name="supergroupId"/>.</summary>
    public static ApiFault GroupUpgraded(long supergroupId) =>
        new(400, "Bad Request: group chat was upgraded to a supergroup chat") { MigrateToChatId = supergroupId };

    /// <summary>403 for a user who blocked the bot.</summary>
    public static ApiFault BlockedByUser() => Forbidden("bot was blocked by the user");

    /// <summary>403 for a group the bot was removed from.</summary>
    public static ApiFault KickedFromGroup() => Forbidden("bot was kicked from the group chat");

    /// <summary>403 for a user who deleted their account.</summary>
    public static ApiFault UserDeactivated() => Forbidden("user is deactivated");

    public static ApiFault ChatNotFound() => BadRequest("chat not found");

    /// <summary>What editMessageText answers when the message is gone (deleted by the user).</summary>
    public static ApiFault MessageToEditNotFound() => BadRequest("message to edit not found");

    /// <summary>What editMessageText answers when the new text is the old one.</summary>
    public static ApiFault MessageNotModified() =>
        BadRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");

    /// <summary>What sendVideo answers when Telegram could not fetch the URL it was given.</summary>
    public static ApiFault FailedToGetUrlContent() => new(400, "Bad Request: failed to get HTTP URL content");

    /// <summary>What the Bot API answers to an upload over its limit (50 MB), before reading it.</summary>
    public static ApiFault RequestEntityTooLarge() => new(413, "Request Entity Too Large");
}
