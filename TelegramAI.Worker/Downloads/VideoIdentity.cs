using System.Security.Cryptography;
using System.Text;

namespace TelegramAI.Worker.Downloads;

/// <summary>
/// The name under which a video is stored, the same whichever link or search led to it:
/// the site's extractor and video id, or for a link the generic extractor handled, a hash of the link.
/// </summary>
public sealed record VideoIdentity(string Extractor, string Id)
{
    public const string GenericExtractor = "generic";

    private const int MaxKeyPartLength = 100;

    /// <summary>
    /// The identity of what yt-dlp reported. Its generic extractor names a file after the last part of
    /// its path, so two servers' <c>video.mp4</c> would collide: those are named by their link instead.
    /// </summary>
    public static VideoIdentity From(string extractor, string id, string sourceUrl) =>
        string.Equals(extractor, GenericExtractor, StringComparison.OrdinalIgnoreCase)
            ? ForLink(sourceUrl)
            : new VideoIdentity(extractor.ToLowerInvariant(), id);

    public static VideoIdentity ForLink(string url) =>
        new(GenericExtractor, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(NormaliseUrl(url)))));

    /// <summary>
    /// The link as the same resource is always written: scheme and host in lower case, no default port,
    /// no fragment (the server never sees it) and no user name or password.
    /// </summary>
    public static string NormaliseUrl(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
            return url.Trim();

        return uri.GetComponents(
            UriComponents.Scheme | UriComponents.Host | UriComponents.Port | UriComponents.PathAndQuery,
            UriFormat.UriEscaped);
    }

    /// <summary>
    /// <c>videos/{extractor}/{id}.mp4</c> with only letters, digits, '-', '_' and '.'. A part that needed
    /// changing gets a hash of its original appended, so two different ids never share a key.
    /// </summary>
    public string ToS3Key() => $"videos/{SafeKeyPart(Extractor.ToLowerInvariant())}/{SafeKeyPart(Id)}.mp4";

    private static string SafeKeyPart(string value)
    {
        if (value.Length is > 0 and <= MaxKeyPartLength && value[0] != '.' && value.All(IsSafe))
            return value;

        var cleaned = new string(value.Take(MaxKeyPartLength).Select(c => IsSafe(c) ? c : '_').ToArray()).TrimStart('.');
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..16];
        return cleaned.Length == 0 ? hash : $"{cleaned}-{hash}";
    }

    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
}
