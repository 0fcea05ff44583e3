using Microsoft.Extensions.Options;
using TelegramAI.Bot.Configuration;
using TelegramAI.Contracts.Jobs;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace TelegramAI.Bot.Conversation;

/// <summary>What one request of a message asks for: a link to fetch or words to search for.</summary>
/// <param name="Place">Its place among the message's requests (0 for a search), part of its job's identity.</param>
public sealed record JobRequest(RequestKind Kind, string Request, int Place)
{
    public string StatusText => Kind == RequestKind.Url ? BotReplies.Downloading(Request) : BotReplies.Searching(Request);
}

/// <summary>What the bot does with one incoming message.</summary>
/// <param name="Answers">Messages to send that start nothing (help, refusals, notes).</param>
/// <param name="Jobs">Requests to start, each announced by its own status message.</param>
public sealed record Triage(IReadOnlyList<string> Answers, IReadOnlyList<JobRequest> Jobs)
{
    /// <summary>Not a request: no answer, no job (group chatter, a command for another bot, a service message).</summary>
    public static Triage Ignore { get; } = new([], []);

    public bool IsIgnored => Answers.Count == 0 && Jobs.Count == 0;

    public static Triage Answer(params string[] answers) => new(answers, []);
}

/// <summary>
/// Reads a user's message and decides the answer: the conversation's rules in one place, without any I/O.
/// <list type="bullet">
/// <item>What a message says is its text, or a media message's caption, with the entities Telegram marked in it
/// (links without a scheme, links behind words): a forwarded post's caption link is a request.</item>
/// <item>In a private chat every message is meant for the bot. In a group only a command for it or for no bot, a
/// message that mentions it, or a reply to one of its messages is, and, with <c>Bot__GroupLinks</c>, any link;
/// everything else is the group's own conversation and ignored. A command for another bot is ignored anywhere.</item>
/// <item>A request is a link (up to <see cref="LinkExtractor.MaxLinksPerMessage"/>), or else words to search for.</item>
/// </list>
/// The per-chat rate limit is the caller's: an edit repeats requests already started, which do not count again.
/// </summary>
public sealed class MessageTriage(IOptions<BotOptions> options, IOptions<LinkPolicyOptions> linkPolicy)
{
    /// <summary>Telegram's own limit for a text message.</summary>
    public const int MaxTextLength = 4096;

    /// <summary>The command that fetches a link or searches, for groups where plain messages are not for the bot.</summary>
    public const string DownloadCommand = "/dl";

    public Triage Decide(Message message, User bot)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(bot);

        // Bots' messages are never requests, nor are a channel's posts copied into its discussion group.
        if (!IsFromPerson(message) || message.IsServiceMessage)
        {
            return Triage.Ignore;
        }

        var isPrivate = message.Chat.Type == ChatType.Private;
        var text = message.Text ?? message.Caption ?? "";
        var entities = message.Text is not null ? message.Entities : message.CaptionEntities;
        var command = BotCommand.Parse(text);
        if (command is { Addressee: { } addressee } && !string.Equals(addressee, bot.Username, StringComparison.OrdinalIgnoreCase))
        {
            return Triage.Ignore;
        }

        var mention = Mention(text, entities, bot);
        var addressed = isPrivate
            || command is { Addressee: not null }
            || command is { Name: "/start" or "/help" or DownloadCommand }
            || mention is not null
            || message.ReplyToMessage?.From?.Id == bot.Id;
        var links = LinkExtractor.Extract(text, entities, linkPolicy.Value.AllowPrivateHosts);
        if (!addressed && !(options.Value.GroupLinks && links.Accepted.Count > 0))
        {
            return Triage.Ignore;
        }

        if (options.Value.AllowedChatIds is { Length: > 0 } allowed && !allowed.Contains(message.Chat.Id))
        {
            return Triage.Answer(BotReplies.NotAllowed);
        }

        if (message.Type != MessageType.Text && !links.Any)
        {
            // Media without a link in its caption: nothing to fetch. Said in private; in a group, only when asked.
            return Triage.Answer(NotText(message));
        }

        if (text.Length > MaxTextLength)
        {
            return Triage.Answer(BotReplies.TooLong);
        }

        if (links.Any)
        {
            return FromLinks(links);
        }

        return command switch
        {
            { Name: "/start" or "/help" } => Triage.Answer(BotReplies.Help),
            { Name: DownloadCommand, Arguments: var words } => Search(words, whenEmpty: BotReplies.DownloadUsage),
            not null => Triage.Answer(BotReplies.UnknownCommand),
            null when mention is not null => Search(text.Remove(mention.Value.Offset, mention.Value.Length), whenEmpty: BotReplies.Help),
            null => Search(text, whenEmpty: BotReplies.Empty),
        };
    }

    /// <summary>
    /// A person, or someone speaking for a chat: an anonymous administrator (Telegram's placeholder bot, with the
    /// group as <c>sender_chat</c>) or a member posting as their channel. Not an automatic forward of a channel post.
    /// </summary>
    private static bool IsFromPerson(Message message) =>
        message.IsAutomaticForward != true
        && (message.From is { IsBot: false } || message.SenderChat is not null && message.From is not null);

    private static Triage FromLinks(ExtractedLinks links)
    {
        var answers = links.Refused.Select(BotReplies.Refused).ToList();
        if (links.Skipped > 0)
        {
            answers.Add(BotReplies.Skipped(links.Skipped));
        }

        return new Triage(answers, [.. links.Accepted.Select((url, place) => new JobRequest(RequestKind.Url, url, place))]);
    }

    /// <summary>Plain words: the worker turns them into a search for the first YouTube result.</summary>
    private static Triage Search(string words, string whenEmpty)
    {
        var query = words.Trim();
        return query.Length == 0 ? Triage.Answer(whenEmpty) : new Triage([], [new JobRequest(RequestKind.Search, query, 0)]);
    }

    /// <summary>Where the text mentions the bot: <c>@username</c>, or a text mention of its user (which has no username).</summary>
    private static (int Offset, int Length)? Mention(string text, IReadOnlyList<MessageEntity>? entities, User bot)
    {
        foreach (var entity in entities ?? [])
        {
            if (entity.Offset < 0 || entity.Length <= 0 || entity.Offset + entity.Length > text.Length)
            {
                continue;
            }

            var mentionsBot = entity.Type switch
            {
                MessageEntityType.Mention => bot.Username is { } name
                    && string.Equals(text.Substring(entity.Offset + 1, entity.Length - 1), name, StringComparison.OrdinalIgnoreCase),
                MessageEntityType.TextMention => entity.User?.Id == bot.Id,
                _ => false,
            };
            if (mentionsBot)
            {
                return (entity.Offset, entity.Length);
            }
        }

        return null;
    }

    private static string NotText(Message message) => message switch
    {
        { Type: MessageType.Sticker } => BotReplies.NotText("stickers"),
        { Type: MessageType.Photo } => BotReplies.NotText("photos"),
        { Type: MessageType.Voice } => BotReplies.NotText("voice messages"),
        { Type: MessageType.VideoNote } => BotReplies.NotText("video messages"),
        { Type: MessageType.Video } => BotReplies.NotText("videos without a link in their caption"),
        { Type: var other } => BotReplies.NotText($"{other.ToString().ToLowerInvariant()} messages"),
    };

    /// <summary>A bot command at the start of a text: <c>/name[@bot] arguments</c>.</summary>
    private sealed record BotCommand(string Name, string? Addressee, string Arguments)
    {
        public static BotCommand? Parse(string text)
        {
            if (!text.StartsWith('/') || text.Length < 2 || !char.IsAsciiLetterOrDigit(text[1]))
            {
                return null;
            }

            var end = text.IndexOfAny([' ', '\n', '\t']);
            var head = end < 0 ? text : text[..end];
            var arguments = end < 0 ? "" : text[(end + 1)..];
            var at = head.IndexOf('@', StringComparison.Ordinal);
            return at < 0
                ? new BotCommand(head.ToLowerInvariant(), null, arguments)
                : new BotCommand(head[..at].ToLowerInvariant(), head[(at + 1)..], arguments);
        }
    }
}
