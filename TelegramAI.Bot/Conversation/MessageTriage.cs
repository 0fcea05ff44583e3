using Microsoft.Extensions.Options;
using TelegramAI.Bot.Configuration;
using TelegramAI.Contracts.Jobs;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace TelegramAI.Bot.Conversation;

/// <summary>What one request of a message asks for: a link to fetch or words to search for.</summary>
public sealed record JobRequest(RequestKind Kind, string Request)
{
    public string StatusText => Kind == RequestKind.Url ? BotReplies.Downloading(Request) : BotReplies.Searching(Request);
}

/// <summary>What the bot does with one incoming message.</summary>
/// <param name="Answers">Messages to send that start nothing (help, refusals, notes).</param>
/// <param name="Jobs">Requests to start, each announced by its own status message.</param>
public sealed record Triage(IReadOnlyList<string> Answers, IReadOnlyList<JobRequest> Jobs)
{
    public static Triage Ignore { get; } = new([], []);

    public static Triage Answer(params string[] answers) => new(answers, []);
}

/// <summary>
/// Reads a user's message and decides the answer: the conversation's rules (commands, links, search,
/// bad input, allowlist, rate limit) in one place, without any I/O.
/// </summary>
public sealed class MessageTriage(IOptions<BotOptions> options, IOptions<LinkPolicyOptions> linkPolicy, ChatRateLimiter rateLimiter)
{
    /// <summary>Telegram's own limit for a text message.</summary>
    public const int MaxTextLength = 4096;

    public Triage Decide(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);

        // A bot's own messages are never requests.
        if (message.From is not { IsBot: false })
        {
            return Triage.Ignore;
        }

        if (options.Value.AllowedChatIds is { Length: > 0 } allowed && !allowed.Contains(message.Chat.Id))
        {
            return Triage.Answer(BotReplies.NotAllowed);
        }

        if (message.Type != MessageType.Text)
        {
            return Triage.Answer(message switch
            {
                // A message without content (Telegram.Bot counts service messages here) has nothing to fetch.
                { IsServiceMessage: true } => BotReplies.Empty,
                { Type: MessageType.Sticker } => BotReplies.NotText("stickers"),
                { Type: MessageType.Photo } => BotReplies.NotText("photos"),
                { Type: MessageType.Voice } => BotReplies.NotText("voice messages"),
                { Type: MessageType.VideoNote } => BotReplies.NotText("video messages"),
                { Type: var other } => BotReplies.NotText($"{other.ToString().ToLowerInvariant()} messages"),
            });
        }

        var text = message.Text!;
        if (text.Length > MaxTextLength)
        {
            return Triage.Answer(BotReplies.TooLong);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return Triage.Answer(BotReplies.Empty);
        }

        var links = LinkExtractor.Extract(text, message.Entities, linkPolicy.Value.AllowPrivateHosts);
        if (!links.Any)
        {
            return DecideWithoutLinks(message.Chat.Id, text.Trim());
        }

        var answers = links.Refused.Select(BotReplies.Refused).ToList();
        if (links.Skipped > 0)
        {
            answers.Add(BotReplies.Skipped(links.Skipped));
        }

        var jobs = links.Accepted.Select(url => new JobRequest(RequestKind.Url, url)).ToList();
        return Start(message.Chat.Id, answers, jobs);
    }

    private Triage DecideWithoutLinks(long chatId, string text)
    {
        if (text.StartsWith('/'))
        {
            // "/help@OurBot" in groups names the bot the command is for.
            var command = text.Split([' ', '\n', '@'], 2)[0].ToLowerInvariant();
            return Triage.Answer(command is "/start" or "/help" ? BotReplies.Help : BotReplies.UnknownCommand);
        }

        // Plain words: the worker turns this into a search for the first YouTube result.
        return Start(chatId, [], [new JobRequest(RequestKind.Search, text)]);
    }

    private Triage Start(long chatId, List<string> answers, List<JobRequest> jobs)
    {
        if (jobs.Count > 0 && !rateLimiter.TryAcquire(chatId, jobs.Count, out var retryAfter))
        {
            answers.Add(BotReplies.RateLimited(retryAfter));
            return new Triage(answers, []);
        }

        return new Triage(answers, jobs);
    }
}
