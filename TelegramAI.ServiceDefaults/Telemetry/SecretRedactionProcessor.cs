using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry;

namespace TelegramAI.ServiceDefaults.Telemetry;

/// <summary>
/// Removes secrets from span names and string tags before any exporter sees them. The Telegram Bot API
/// carries the bot token in the request path, and a presigned S3 link carries its signature and
/// credential in the query string, so HttpClient and ASP.NET Core spans would otherwise export them in
/// <c>url.full</c> and <c>url.query</c>: the instrumentation's own query redaction is off under Aspire
/// (<c>OTEL_DOTNET_EXPERIMENTAL_*_DISABLE_URL_QUERY_REDACTION</c>) and never touches paths.
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

/// <summary>Replaces Telegram bot tokens and AWS signing values in URLs and free text.</summary>
public static partial class SecretRedactor
{
    public const string Replacement = "REDACTED";

    /// <summary>The text with secrets replaced, or the same instance when it held none.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var mayHoldToken = text.Contains("/bot", StringComparison.Ordinal) || text.Contains(':', StringComparison.Ordinal);
        var mayHoldSigning = text.Contains("X-Amz-", StringComparison.OrdinalIgnoreCase);
        if (!mayHoldToken && !mayHoldSigning)
            return text;

        var safe = text;
        if (mayHoldToken)
            safe = BotToken().Replace(BotPathSegment().Replace(safe, $"/bot{Replacement}/"), Replacement);
        if (mayHoldSigning)
            safe = SigningParameter().Replace(safe, Replacement);
        return safe == text ? text : safe;
    }

    // "/bot<token>/" as in https://api.telegram.org/bot<token>/getMe and /file/bot<token>/<path>.
    [GeneratedRegex("/bot[^/?#]+/", RegexOptions.CultureInvariant)]
    private static partial Regex BotPathSegment();

    // A bot token anywhere else: "<bot id>:<secret>", the secret 35 characters today.
    [GeneratedRegex(@"\d+:[A-Za-z0-9_-]{30,}", RegexOptions.CultureInvariant)]
    private static partial Regex BotToken();

    // The value of a presigned URL's signature, credential (access key id) and session token
    // (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html), in a URL or a bare query.
    [GeneratedRegex(@"(?<=(^|[?&;\s])X-Amz-(Signature|Credential|Security-Token)=)[^&#\s""']*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SigningParameter();
}
