namespace TelegramAI.Telegram.Emulator;

/// <summary>An error answer to inject in place of a method's real one.</summary>
public sealed record ApiFault(int ErrorCode, string Description, int? RetryAfter = null)
{
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
}
