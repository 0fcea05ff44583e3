using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry;

namespace TelegramAI.ServiceDefaults.Telemetry;

/// <summary>
/// Removes secrets from span names and string tags before any exporter sees them. The Telegram
/// Bot API carries the bot token in the request path, so HttpClient spans would otherwise
/// export it in <c>url.full</c> (and <c>http.url</c> under the old conventions).
/// </summary>
public sealed class SecretRedactionProcessor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        data.DisplayName = SecretRedactor.Redact(data.DisplayName);

        List<KeyValuePair<string, string>>? redacted = null;
        foreach (var (key, value) in data.TagObjects)
        {
            if (value is string text && SecretRedactor.Redact(text) is var safe && !ReferenceEquals(safe, text))
                (redacted ??= []).Add(new(key, safe));
        }

        foreach (var (key, safe) in redacted ?? [])
            data.SetTag(key, safe);
    }
}

/// <summary>Replaces Telegram bot tokens in URLs and free text.</summary>
public static partial class SecretRedactor
{
    public const string Replacement = "REDACTED";

    /// <summary>The text with secrets replaced, or the same instance when it held none.</summary>
    public static string Redact(string text)
    {
        if (!text.Contains("/bot", StringComparison.Ordinal) && !text.Contains(':', StringComparison.Ordinal))
            return text;

        var withoutBotSegments = BotPathSegment().Replace(text, $"/bot{Replacement}/");
        var withoutTokens = BotToken().Replace(withoutBotSegments, Replacement);
        return withoutTokens == text ? text : withoutTokens;
    }

    // "/bot<token>/" as in https://api.telegram.org/bot<token>/getMe and /file/bot<token>/<path>.
    [GeneratedRegex("/bot[^/?#]+/", RegexOptions.CultureInvariant)]
    private static partial Regex BotPathSegment();

    // A bot token anywhere else: "<bot id>:<secret>", the secret 35 characters today.
    [GeneratedRegex(@"\d+:[A-Za-z0-9_-]{30,}", RegexOptions.CultureInvariant)]
    private static partial Regex BotToken();
}
