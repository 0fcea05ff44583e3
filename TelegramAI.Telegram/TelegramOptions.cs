using System.Text.RegularExpressions;
using TelegramAI.Contracts.Configuration;

namespace TelegramAI.Telegram;

/// <summary>Section <c>Telegram</c>. Deliberately not a record: a generated ToString would print the token.</summary>
public sealed partial class TelegramOptions
{
    public const string Section = "Telegram";

    /// <summary>Key <c>Telegram__BotToken</c>: the token BotFather gave, <c>&lt;bot id&gt;:&lt;secret&gt;</c>.</summary>
    public string BotToken { get; set; } = "";

    /// <summary>Key <c>Telegram__ApiBaseUrl</c>: the Bot API server, or a stand-in for tests.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";

    /// <summary>How long one call may take; a long poll gets its own <c>timeout</c> on top.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How many times a call rate-limited with 429 is repeated before the error is thrown.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>
    /// The longest <c>retry_after</c> the client waits out itself. A longer flood wait is thrown to the
    /// caller at once: waiting less than Telegram asked would only earn another 429.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

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

        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw new ConfigurationException($"{Section}__{nameof(RequestTimeout)}", "must be positive");
        }

        if (MaxRetryAttempts < 0)
        {
            throw new ConfigurationException($"{Section}__{nameof(MaxRetryAttempts)}", "must not be negative");
        }

        if (MaxRetryAfter < TimeSpan.Zero)
        {
            throw new ConfigurationException($"{Section}__{nameof(MaxRetryAfter)}", "must not be negative");
        }
    }

    [GeneratedRegex(@"^[0-9]+:[A-Za-z0-9_-]{30,}$")]
    private static partial Regex TokenShape();
}
