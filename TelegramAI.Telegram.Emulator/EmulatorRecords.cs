namespace TelegramAI.Telegram.Emulator;

/// <summary>A text message the bot sent, with every text it had: the original first, then each edit.</summary>
public sealed record BotMessage(
    long ChatId,
    int MessageId,
    IReadOnlyList<string> TextHistory,
    string? ParseMode,
    int? ReplyToMessageId)
{
    public string Text => TextHistory[^1];

    public bool IsEdited => TextHistory.Count > 1;

    /// <summary>When the stand-in accepted the sendMessage call, for measuring how long the bot took to answer.</summary>
    public DateTimeOffset SentAt { get; init; }
}

public enum VideoSource
{
    /// <summary>Uploaded as a multipart/form-data part; <see cref="SentVideo.Content"/> holds the bytes.</summary>
    Upload,

    /// <summary>A URL for Telegram to fetch; the stand-in records it without fetching.</summary>
    Url,

    /// <summary>The file id of a video sent before.</summary>
    FileId,
}

/// <summary>A video the bot sent.</summary>
public sealed record SentVideo(
    long ChatId,
    int MessageId,
    VideoSource Source,
    string? Url,
    string FileId,
    string? FileName,
    byte[]? Content,
    string? Caption,
    bool SupportsStreaming,
    int? ReplyToMessageId);

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
}
