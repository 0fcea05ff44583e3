using System.Text.RegularExpressions;
using Telegram.Bot;
using TelegramAI.Contracts.Configuration;

namespace TelegramAI.Bot.Telegram;

/// <summary>Section <c>Telegram</c>. Deliberately not a record: a generated ToString would print the token.</summary>
public sealed partial class TelegramOptions
{
    public const string Section = "Telegram";

    /// <summary>Telegram's own server; the client is told no base URL for it, so it is not taken for a local Bot API server.</summary>
    public const string TelegramApiBaseUrl = "https://api.telegram.org";

    /// <summary>Key <c>Telegram__BotToken</c>: the token BotFather gave, <c>&lt;bot id&gt;:&lt;secret&gt;</c>.</summary>
    public string BotToken { get; set; } = "";

    /// <summary>
    /// Key <c>Telegram__ApiBaseUrl</c>: the Bot API server (scheme, host and port), or a stand-in for tests.
    /// Telegram.Bot drops any path, so one is refused rather than silently ignored.
    /// </summary>
    public string ApiBaseUrl { get; set; } = TelegramApiBaseUrl;

    /// <summary>Key <c>Telegram__RequestTimeout</c>: how long one call may take; a getUpdates long poll gets its own wait on top.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Key <c>Telegram__MaxRetryAttempts</c>: how many times a call answered 429 is repeated before the error is thrown.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>
    /// Key <c>Telegram__MaxRetryAfter</c>: the longest <c>retry_after</c> the client waits out itself. A longer
    /// flood wait is thrown to the caller at once: waiting less than Telegram asked would only earn another 429.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Key <c>Telegram__MessagesPerSecond</c>: Telegram's overall flood limit, messages a second across all chats
    /// (Bots FAQ, https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this: "30 messages per
    /// second or so"; paid broadcasts raise it).
    /// </summary>
    public double MessagesPerSecond { get; set; } = 30;

    /// <summary>Key <c>Telegram__ChatMessagesPerSecond</c>: Telegram's limit in one chat (Bots FAQ: "one message per second").</summary>
    public double ChatMessagesPerSecond { get; set; } = 1;

    /// <summary>Key <c>Telegram__GroupMessagesPerMinute</c>: Telegram's limit in one group (Bots FAQ: "20 messages per minute").</summary>
    public double GroupMessagesPerMinute { get; set; } = 20;

    /// <summary>
    /// Key <c>Telegram__FloodMargin</c>: the share of each limit the bot leaves unused, since Telegram publishes
    /// them as approximate (0.05: it sends at 95% of each).
    /// </summary>
    public double FloodMargin { get; set; } = 0.05;

    /// <summary>Throws <see cref="ConfigurationException"/> naming the first wrong key; never includes the token.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(BotToken))
        {
            throw new ConfigurationException($"{Section}__{nameof(BotToken)}", "is required");
        }

        if (!TokenShape().IsMatch(BotToken))
        {
            throw new ConfigurationException(
                $"{Section}__{nameof(BotToken)}", "does not look like a bot token (<digits>:<at least 30 letters, digits, _ or ->)");
        }

        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var baseUrl)
            || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new ConfigurationException($"{Section}__{nameof(ApiBaseUrl)}", "must be an absolute http or https URL");
        }

        if (baseUrl.AbsolutePath != "/" || baseUrl.Query.Length > 0 || baseUrl.Fragment.Length > 0)
        {
            throw new ConfigurationException($"{Section}__{nameof(ApiBaseUrl)}", "must be a scheme, host and port only, like https://api.telegram.org");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw new ConfigurationException($"{Section}__{nameof(RequestTimeout)}", "must be positive");
        }

        if (MaxRetryAttempts is < 0 or > 100)
        {
            throw new ConfigurationException($"{Section}__{nameof(MaxRetryAttempts)}", "must be 0 to 100");
        }

        if (MaxRetryAfter < TimeSpan.Zero)
        {
            throw new ConfigurationException($"{Section}__{nameof(MaxRetryAfter)}", "must not be negative");
        }

        foreach (var (key, limit) in new[]
        {
            (nameof(MessagesPerSecond), MessagesPerSecond),
            (nameof(ChatMessagesPerSecond), ChatMessagesPerSecond),
            (nameof(GroupMessagesPerMinute), GroupMessagesPerMinute),
        })
        {
            if (!(limit is > 0 and <= 100_000))
            {
                throw new ConfigurationException($"{Section}__{key}", "must be a rate above 0 and at most 100000");
            }
        }

        if (!(FloodMargin is >= 0 and < 1))
        {
            throw new ConfigurationException($"{Section}__{nameof(FloodMargin)}", "must be at least 0 and below 1 (0.05 leaves 5% of each limit unused)");
        }
    }

    /// <summary>
    /// The settings as Telegram.Bot takes them. Our flood settings map onto its own 429 handling, which
    /// does what our client did: it repeats a call answered 429 after waiting <c>retry_after</c>, when that
    /// is at most <see cref="TelegramBotClientOptions.RetryThreshold"/> seconds, and otherwise throws at
    /// once; and it buffers an upload so the repeat sends the same bytes. Its <c>RetryCount</c> counts every
    /// attempt where <see cref="MaxRetryAttempts"/> counts repeats, hence the + 1; a threshold of 0 turns
    /// its retry off. Keeping this mapping rather than a retry of our own leaves one place that knows 429.
    /// </summary>
    public TelegramBotClientOptions ToClientOptions()
    {
        var baseUrl = new Uri(ApiBaseUrl).GetLeftPart(UriPartial.Authority);
        var isTelegram = string.Equals(baseUrl, TelegramApiBaseUrl, StringComparison.OrdinalIgnoreCase);
        return new TelegramBotClientOptions(BotToken, isTelegram ? null : baseUrl)
        {
            RetryThreshold = (int)Math.Min(Math.Floor(MaxRetryAfter.TotalSeconds), int.MaxValue),
            RetryCount = MaxRetryAttempts + 1,
        };
    }

    [GeneratedRegex(@"^[0-9]+:[A-Za-z0-9_-]{30,}$")]
    private static partial Regex TokenShape();
}
