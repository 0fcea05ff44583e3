using System.ComponentModel.DataAnnotations;

namespace TelegramAI.Bot.Configuration;

/// <summary>How the bot learns about new messages.</summary>
public enum UpdateMode
{
    /// <summary>getUpdates long polling: no inbound port needed (the production host has no ingress).</summary>
    Polling,

    /// <summary>Telegram posts updates to <see cref="BotOptions.WebhookPath"/>; needs a public HTTPS address in front.</summary>
    Webhook,
}

/// <summary>Section <c>Bot</c>: keys <c>Bot__&lt;Name&gt;</c>.</summary>
public sealed class BotOptions : IValidatableObject
{
    public const string Section = "Bot";

    public UpdateMode Mode { get; set; } = UpdateMode.Polling;

    /// <summary>
    /// The public URL Telegram posts updates to (webhook mode only); a proxy in front forwards it to
    /// <see cref="WebhookPath"/> on this service. Telegram itself accepts only https; http is allowed for
    /// local stand-ins.
    /// </summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The secret Telegram echoes in <c>X-Telegram-Bot-Api-Secret-Token</c> (webhook mode only).</summary>
    [RegularExpression("^[A-Za-z0-9_-]{16,256}$", ErrorMessage = "must be 16 to 256 letters, digits, _ or -")]
    public string? WebhookSecret { get; set; }

    [RegularExpression("^/[A-Za-z0-9/_-]*$", ErrorMessage = "must be a path starting with /")]
    public string WebhookPath { get; set; } = "/telegram/webhook";

    /// <summary>How long one getUpdates call waits for news; Telegram allows up to 50 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:50")]
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Jobs a chat may start per <see cref="RateLimitWindow"/>.</summary>
    [Range(1, 100_000)]
    public int RateLimit { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>When not empty, only these chats are served.</summary>
    public long[] AllowedChatIds { get; set; } = [];

    /// <summary>
    /// How long a presigned video link works at most. A link dies with the credentials that signed it, so with
    /// temporary credentials (an instance role) it is shorter, and the message says how long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The least time between two progress edits of one status message.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ProgressEditInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a progress edit may wait for Telegram's flood limits before it is dropped as old news (the next one,
    /// or the final result, says more).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ProgressStaleAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Telegram calls in flight at once (each chat has at most one).</summary>
    [Range(1, 256)]
    public int ReplyConcurrency { get; set; } = 16;

    /// <summary>
    /// In groups, whether every link anyone posts is fetched. Off: the bot acts only on commands for it or for no
    /// bot, on messages that mention it and on replies to its own messages. On needs BotFather's privacy mode off.
    /// </summary>
    public bool GroupLinks { get; set; }

    /// <summary>
    /// SendMessageBatch calls of ten jobs in flight at once. SQS serves them in parallel (and a standard queue keeps
    /// no order anyway); an emulator that serves one request at a time (moto) is fastest with 1.
    /// </summary>
    [Range(1, 64)]
    public int EnqueueConcurrency { get; set; } = 4;

    /// <summary>Tries at sending a batch of jobs before the users are told something went wrong.</summary>
    [Range(1, 100)]
    public int EnqueueAttempts { get; set; } = 4;

    /// <summary>The first wait after a failure; it doubles per consecutive failure up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one receive from the results queue waits for news; SQS allows up to 20 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:20")]
    public TimeSpan ResultsWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Where the bot keeps its memory (<see cref="State.BotStateStore"/>: replies owed, jobs and their status
    /// messages, chats gone or moved), one folder per bot and Bot API server inside. It must survive a restart of the
    /// process. Empty: <c>~/.local/share/TelegramAI/bot/&lt;environment&gt;</c>, this user's and this environment's.
    /// </summary>
    public string StateDirectory { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Mode != UpdateMode.Webhook)
        {
            yield break;
        }

        if (!Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
        {
            yield return new ValidationResult("must be an absolute http(s) URL in webhook mode (Telegram requires https)", [nameof(WebhookUrl)]);
        }

        if (string.IsNullOrEmpty(WebhookSecret))
        {
            yield return new ValidationResult("is required in webhook mode", [nameof(WebhookSecret)]);
        }
    }
}

/// <summary>
/// Key <c>Downloads__AllowPrivateHosts</c>, shared with the worker: links to loopback and private
/// addresses are refused unless it is true (local development and tests).
/// </summary>
public sealed class LinkPolicyOptions
{
    public const string Section = "Downloads";

    public bool AllowPrivateHosts { get; set; }
}
