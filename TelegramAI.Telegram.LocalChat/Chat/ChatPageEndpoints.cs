using System.Globalization;
using Microsoft.Extensions.Options;
using TelegramAI.Telegram.Emulator;

namespace TelegramAI.Telegram.LocalChat.Chat;

/// <summary>
/// The chat page and the three calls its script makes:
/// <list type="bullet">
/// <item><c>POST /chat/messages</c> <c>{"text":"..."}</c>: the user sends a text message; 400 when it is empty or over 4096 characters (Telegram's limit for a message).</item>
/// <item><c>GET /chat/updates?after=&lt;version&gt;&amp;timeout=&lt;seconds&gt;</c>: the whole chat, answered once it is newer than <c>after</c> or after <c>timeout</c> (at most 30 s).</item>
/// <item><c>GET /chat/videos/{messageId}</c>: the bytes of a video the bot uploaded.</item>
/// </list>
/// </summary>
public static class ChatPageEndpoints
{
    /// <summary>Telegram's longest text message, in characters (core.telegram.org/bots/api#sendmessage).</summary>
    public const int MaxTextLength = 4096;

    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    public static void MapChatPage(this WebApplication app)
    {
        app.MapGet("/", () => Results.Redirect("/chat"));
        app.MapGet("/chat", () => Results.Stream(
            typeof(ChatPageEndpoints).Assembly.GetManifestResourceStream("TelegramAI.Telegram.LocalChat.Chat.chat.html")!,
            "text/html; charset=utf-8"));
        app.MapPost("/chat/messages", Send);
        app.MapGet("/chat/updates", UpdatesAsync);
        app.MapGet("/chat/videos/{messageId:int}", Video);
    }

    private static IResult Send(OutgoingText body, BotApiStandIn standIn, ChatTranscript transcript, IOptions<LocalChatOptions> options)
    {
        var text = body.Text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return Results.BadRequest(new ChatError("The message is empty."));
        }

        if (text.Length > MaxTextLength)
        {
            return Results.BadRequest(new ChatError($"A message holds at most {MaxTextLength} characters."));
        }

        var user = options.Value.UserId;
        var update = standIn.Emulator.InjectTextMessage(user, user, text);
        var message = new UserMessage(update.Message!.MessageId, text, TimeProvider.System.GetUtcNow());
        transcript.Add(message);
        return Results.Ok(new Sent(message.MessageId));
    }

    private static async Task<IResult> UpdatesAsync(
        long? after, double? timeout, BotApiStandIn standIn, ChatTranscript transcript, IOptions<LocalChatOptions> options, CancellationToken cancellationToken)
    {
        var emulator = standIn.Emulator;
        var wait = TimeSpan.FromSeconds(Math.Clamp(timeout ?? 0, 0, MaxWait.TotalSeconds));
        var version = await emulator.WaitForChangeAsync(after ?? -1, wait, cancellationToken);
        var chat = options.Value.UserId;

        var entries = transcript.Sent
            .Select(sent => new ChatEntry(sent.MessageId, "user", sent.Text, Edits: 0, ReplyTo: null, Video: null))
            .Concat(emulator.MessagesTo(chat)
                .Select(bot => new ChatEntry(bot.MessageId, "bot", bot.Text, bot.TextHistory.Count - 1, bot.ReplyToMessageId, Video: null)))
            .Concat(emulator.VideosTo(chat)
                .Select(video => new ChatEntry(video.MessageId, "bot", video.Caption ?? "", Edits: 0, video.ReplyToMessageId, VideoOf(video))))
            .OrderBy(entry => entry.MessageId)
            .ToList();
        return Results.Ok(new ChatState(version, chat, entries));
    }

    private static IResult Video(int messageId, BotApiStandIn standIn, IOptions<LocalChatOptions> options) =>
        standIn.Emulator.VideosTo(options.Value.UserId).FirstOrDefault(video => video.MessageId == messageId) is { Content: { } content } video
            ? Results.File(content, "video/mp4", video.FileName ?? $"video-{messageId.ToString(CultureInfo.InvariantCulture)}.mp4")
            : Results.NotFound(new ChatError("No uploaded video with that message_id."));

    /// <summary>Where the page finds a video: Telegram's copy of an upload here, or the URL the bot gave.</summary>
    private static ChatVideo VideoOf(SentVideo video) => video.Source switch
    {
        VideoSource.Upload => new ChatVideo($"/chat/videos/{video.MessageId.ToString(CultureInfo.InvariantCulture)}", video.FileName, video.Content?.LongLength),
        VideoSource.Url => new ChatVideo(video.Url, video.FileName, null),
        _ => new ChatVideo(null, video.FileName ?? video.FileId, null),
    };
}

public sealed record OutgoingText(string? Text);

public sealed record Sent(int MessageId);

public sealed record ChatError(string Description);

/// <param name="From"><c>user</c> or <c>bot</c>.</param>
/// <param name="Edits">How many times the bot edited the message; its text is the latest.</param>
public sealed record ChatEntry(int MessageId, string From, string Text, int Edits, int? ReplyTo, ChatVideo? Video);

/// <param name="Url">Where to play or download it; null for a video sent by file_id, which the stand-in has no bytes of.</param>
public sealed record ChatVideo(string? Url, string? FileName, long? Size);

/// <param name="Version">Pass as <c>after</c> to wait for the next change.</param>
public sealed record ChatState(long Version, long ChatId, IReadOnlyList<ChatEntry> Messages);
