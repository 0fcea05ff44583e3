namespace TelegramAI.Telegram.Emulator;

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
    int? ReplyToMessageId)
{
    /// <summary>The forum topic the video went to, or null for a chat's main thread.</summary>
    public int? MessageThreadId { get; init; }
}
