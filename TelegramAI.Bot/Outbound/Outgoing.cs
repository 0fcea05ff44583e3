using System.Diagnostics;

namespace TelegramAI.Bot.Outbound;

/// <summary>
/// One Bot API call that puts something in a chat, handed to the <see cref="TelegramOutbox"/>. Telegram counts each
/// against its flood limits (edits and uploads like messages).
/// </summary>
/// <param name="ChatId">The chat; the outbox follows a group's move to a supergroup by itself.</param>
public abstract record Outgoing(long ChatId, OutboundPriority Priority)
{
    /// <summary>
    /// Names a message that a later one may replace while it waits (a newer progress edit of the same status
    /// message) or that may be called off (a status reply a job's final result makes moot). Null: neither.
    /// </summary>
    public string? Key { get; init; }

    /// <summary>The span the call belongs to, so that a trace runs from the update or result to Telegram's answer.</summary>
    public ActivityContext Parent { get; init; } = Activity.Current?.Context ?? default;

    /// <summary>The Bot API method, for logs and spans.</summary>
    public abstract string Method { get; }
}

/// <summary><c>sendMessage</c>: plain text, without link previews, in reply to <paramref name="ReplyToMessageId"/> if it still exists.</summary>
/// <param name="ThreadId">The forum topic to write in, the one the user wrote in.</param>
public sealed record OutgoingText(long ChatId, string Text, OutboundPriority Priority, int? ReplyToMessageId = null, int? ThreadId = null)
    : Outgoing(ChatId, Priority)
{
    public override string Method => "sendMessage";
}

/// <summary><c>editMessageText</c> of one of the bot's messages.</summary>
public sealed record OutgoingEdit(long ChatId, int MessageId, string Text, OutboundPriority Priority) : Outgoing(ChatId, Priority)
{
    public override string Method => "editMessageText";
}

/// <summary><c>sendVideo</c>: a video by URL (Telegram fetches it) or uploaded from a stream.</summary>
public sealed record OutgoingVideo(long ChatId, VideoFile File, string Caption, int? ReplyToMessageId, int? ThreadId, int? DurationSeconds)
    : Outgoing(ChatId, OutboundPriority.Final)
{
    public override string Method => "sendVideo";
}

/// <summary>A video for <see cref="OutgoingVideo"/>: a URL, or a stream opened afresh for each attempt.</summary>
public abstract record VideoFile
{
    public sealed record ByUrl(string Url) : VideoFile;

    /// <param name="Open">Opens the video's bytes, seekable; called once per attempt.</param>
    public sealed record Upload(Func<CancellationToken, Task<Stream>> Open, string FileName) : VideoFile;
}
