using TelegramAI.Contracts.Links;
using System.Text.RegularExpressions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace TelegramAI.Bot.Conversation;

/// <summary>Why a link in a message is not fetched.</summary>
public enum LinkRefusal
{
    /// <summary><c>javascript:</c>, <c>file:</c>, <c>ftp:</c> and any other scheme but http and https.</summary>
    UnsupportedScheme,

    /// <summary>Loopback, private, link-local or otherwise internal addresses, by literal IP or by name.</summary>
    PrivateHost,

    Malformed,
}

public sealed record RefusedLink(string Text, LinkRefusal Reason);

/// <param name="Accepted">Canonical http(s) URLs to fetch, in the order they appear, without repeats, at most <see cref="LinkExtractor.MaxLinksPerMessage"/>.</param>
/// <param name="Skipped">Acceptable links beyond the first <see cref="LinkExtractor.MaxLinksPerMessage"/>.</param>
public sealed record ExtractedLinks(IReadOnlyList<string> Accepted, IReadOnlyList<RefusedLink> Refused, int Skipped)
{
    public bool Any => Accepted.Count > 0 || Refused.Count > 0;
}

/// <summary>
/// Finds the links in a message and decides which may become jobs. Pure logic: the text, the
/// entities Telegram marked, and whether private hosts are allowed, in; the verdict out.
/// </summary>
public static partial class LinkExtractor
{
    public const int MaxLinksPerMessage = 5;

    public static ExtractedLinks Extract(string text, IReadOnlyList<MessageEntity>? entities, bool allowPrivateHosts)
    {
        var accepted = new List<string>();
        var refused = new List<RefusedLink>();
        var skipped = 0;
        foreach (var candidate in Candidates(text, entities))
        {
            switch (Classify(candidate, allowPrivateHosts))
            {
                case (string url, null) when accepted.Contains(url, StringComparer.Ordinal):
                    break;
                case (string url, null) when accepted.Count < MaxLinksPerMessage:
                    accepted.Add(url);
                    break;
                case (string, null):
                    skipped++;
                    break;
                case (_, LinkRefusal reason):
                    refused.Add(new RefusedLink(candidate, reason));
                    break;
            }
        }

        return new ExtractedLinks(accepted, refused, skipped);
    }

    /// <summary>
    /// The URL to fetch for <paramref name="link"/>, or why it is refused. A link that wraps another (a redirect or
    /// consent page, see <see cref="YouTubeLinks.Unwrap"/>) is judged by the one inside.
    /// </summary>
    public static (string? Url, LinkRefusal? Refusal) Classify(string link, bool allowPrivateHosts)
    {
        if (!Uri.TryCreate(link, UriKind.Absolute, out var written))
        {
            return (null, LinkRefusal.Malformed);
        }

        var uri = written.Scheme == Uri.UriSchemeHttp || written.Scheme == Uri.UriSchemeHttps ? YouTubeLinks.Unwrap(written) : written;

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return (null, LinkRefusal.UnsupportedScheme);
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            return (null, LinkRefusal.Malformed);
        }

        if (!allowPrivateHosts && HostSafety.IsPrivate(uri))
        {
            return (null, LinkRefusal.PrivateHost);
        }

        return (YouTubeLinks.CanonicalUrl(uri) ?? uri.AbsoluteUri, null);
    }

    /// <summary>Link-like pieces of the text in the order they appear, as the user wrote them.</summary>
    private static IEnumerable<string> Candidates(string text, IReadOnlyList<MessageEntity>? entities)
    {
        var found = new List<(int Index, string Link)>();
        foreach (Match match in SchemeLink().Matches(text))
        {
            found.Add((match.Index, TrimTrailingPunctuation(match.Value)));
        }

        foreach (Match match in BareYouTubeLink().Matches(text))
        {
            found.Add((match.Index, "https://" + TrimTrailingPunctuation(match.Value)));
        }

        // Telegram also marks links written without a scheme (example.com/video) and hides links behind words.
        foreach (var entity in entities ?? [])
        {
            if (entity.Type == MessageEntityType.TextLink && entity.Url is { Length: > 0 } hidden)
            {
                found.Add((entity.Offset, hidden));
            }
            else if (entity.Type == MessageEntityType.Url && entity.Offset >= 0 && entity.Length > 0 && entity.Offset + entity.Length <= text.Length
                && !found.Any(f => f.Index == entity.Offset))
            {
                var written = text.Substring(entity.Offset, entity.Length);
                found.Add((entity.Offset, written.Contains("://", StringComparison.Ordinal) ? written : "https://" + written));
            }
        }

        return found.OrderBy(f => f.Index).Select(f => f.Link).Distinct(StringComparer.Ordinal);
    }

    private static string TrimTrailingPunctuation(string link) => link.TrimEnd('.', ',', ';', ':', '!', '?', ')', ']', '}', '\'', '"', '»', '>');

    // A scheme a user could mean as a link; other "word:" pairs (times, "note:") are ordinary text.
    [GeneratedRegex(@"(?<![A-Za-z0-9+.-])(?:https?|ftps?|sftp|file|javascript|vbscript|data|wss?|smb|ssh|gopher|chrome|about):[^\s<>""]+", RegexOptions.IgnoreCase)]
    private static partial Regex SchemeLink();

    [GeneratedRegex(@"(?<![A-Za-z0-9./:@-])(?:(?:www|m|music)\.)?(?:youtube\.com|youtu\.be)/[^\s<>""]+", RegexOptions.IgnoreCase)]
    private static partial Regex BareYouTubeLink();
}
