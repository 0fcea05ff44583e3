namespace TelegramAI.Telegram.Emulator;

/// <summary>A text message the bot sent, with every text it had: the original first, then each edit.</summary>
/// <param name="ParseMode">The parse mode Telegram understood (<c>HTML</c>, <c>Markdown</c>, <c>MarkdownV2</c>), or null for plain text.</param>
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

    /// <summary>The forum topic the message went to, or null for a chat's main thread.</summary>
    public int? MessageThreadId { get; init; }
}
