using System.Text.RegularExpressions;
using System.Web;

namespace TelegramAI.Bot.Conversation;

/// <summary>
/// One form for every way a YouTube video is linked, so that the worker's store (keyed by the video) and a user's
/// repeated requests meet whatever link was pasted: <c>https://www.youtube.com/watch?v=ID</c>.
/// <para>
/// Links that carry another link inside a parameter are unwrapped first: YouTube's <c>attribution_link?u=</c> and
/// <c>redirect?q=</c>, the cookie-consent pages of YouTube and Google (<c>continue=</c>), and Google's
/// <c>/url?q=</c>. What is inside is then judged as if the user had sent it.
/// </para>
/// </summary>
public static partial class YouTubeLinks
{
    // A wrapper inside a wrapper is unusual; a chain longer than this is not a link anyone meant.
    private const int MaxUnwrapping = 4;

    private static readonly Uri YouTube = new("https://www.youtube.com/");

    private static readonly HashSet<string> YouTubeHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com", "gaming.youtube.com",
        "youtube-nocookie.com", "www.youtube-nocookie.com",
    };

    private static readonly HashSet<string> ShortHosts = new(StringComparer.OrdinalIgnoreCase) { "youtu.be", "www.youtu.be" };

    private static readonly HashSet<string> GoogleHosts = new(StringComparer.OrdinalIgnoreCase) { "google.com", "www.google.com" };

    private static readonly HashSet<string> ConsentHosts = new(StringComparer.OrdinalIgnoreCase) { "consent.youtube.com", "consent.google.com" };

    // Path forms whose next segment is the video id.
    private static readonly HashSet<string> IdPaths = new(StringComparer.OrdinalIgnoreCase) { "shorts", "embed", "live", "v", "e", "vi", "watch" };

    /// <summary>The link a wrapper (attribution, redirect, consent, Google result) points at; the link itself otherwise.</summary>
    public static Uri Unwrap(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        for (var depth = 0; depth < MaxUnwrapping && Inner(uri) is { } inner; depth++)
        {
            uri = inner;
        }

        return uri;
    }

    /// <summary><c>https://www.youtube.com/watch?v=ID</c> for a link to one YouTube video in any of its forms, else null.</summary>
    public static string? CanonicalUrl(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        uri = Unwrap(uri);
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var host = uri.IdnHost.TrimEnd('.');
        string? id = null;
        if (ShortHosts.Contains(host))
        {
            id = segments.FirstOrDefault();
        }
        else if (YouTubeHosts.Contains(host))
        {
            id = segments switch
            {
                [] or ["watch"] or ["index"] or ["ytscreeningroom"] => Query(uri)["v"],
                [var form, var videoId, ..] when IdPaths.Contains(form) => videoId,
                _ => null,
            };
        }

        return id is not null && VideoId().IsMatch(id) ? $"https://www.youtube.com/watch?v={id}" : null;
    }

    /// <summary>The link inside a wrapper, or null when <paramref name="uri"/> is not one.</summary>
    private static Uri? Inner(Uri uri)
    {
        var host = uri.IdnHost.TrimEnd('.');
        var path = uri.AbsolutePath.TrimEnd('/');
        var query = Query(uri);
        var inner = path.ToLowerInvariant() switch
        {
            "/attribution_link" when YouTubeHosts.Contains(host) => query["u"],
            "/redirect" when YouTubeHosts.Contains(host) => query["q"],
            "/oembed" when YouTubeHosts.Contains(host) => query["url"],
            "/url" when GoogleHosts.Contains(host) => query["q"] ?? query["url"],
            _ when ConsentHosts.Contains(host) => query["continue"],
            _ => null,
        };

        // attribution_link carries a path on YouTube ("/watch?v=…"); the others carry absolute links.
        return inner is { Length: > 0 } && Uri.TryCreate(YouTube, inner, out var target)
            && (target.Scheme == Uri.UriSchemeHttp || target.Scheme == Uri.UriSchemeHttps)
            ? target
            : null;
    }

    private static System.Collections.Specialized.NameValueCollection Query(Uri uri) => HttpUtility.ParseQueryString(uri.Query);

    [GeneratedRegex("^[A-Za-z0-9_-]{11}$")]
    private static partial Regex VideoId();
}
