using System.Text.RegularExpressions;

namespace TelegramAI.Bot.Telegram;

/// <summary>Removes bot tokens from text that may end up in a log or an exception.</summary>
public static partial class TelegramTokenRedactor
{
    public const string Placeholder = "<redacted>";

    /// <summary>
    /// Replaces <c>/bot…/</c> path segments (the token's place in a Bot API URL) and anything else
    /// shaped like a token.
    /// </summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        var withoutPaths = BotPathSegment().Replace(text, $"/bot{Placeholder}/");
        return TokenShape().Replace(withoutPaths, Placeholder);
    }

    [GeneratedRegex(@"/bot[^/\s]+/")]
    private static partial Regex BotPathSegment();

    [GeneratedRegex(@"[0-9]+:[A-Za-z0-9_-]{30,}")]
    private static partial Regex TokenShape();
}
