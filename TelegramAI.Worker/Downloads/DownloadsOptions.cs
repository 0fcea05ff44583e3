using System.ComponentModel.DataAnnotations;

namespace TelegramAI.Worker.Downloads;

/// <summary>Keys <c>Downloads__YtDlpPath</c>, <c>Downloads__MaxDuration</c> and the like.</summary>
public sealed class DownloadsOptions : IValidatableObject
{
    public const string Section = "Downloads";

    /// <summary>Proxy schemes yt-dlp understands (<c>--proxy</c>).</summary>
    private static readonly string[] ProxySchemes = ["http", "https", "socks4", "socks4a", "socks5", "socks5h"];

    [Required]
    public string YtDlpPath { get; set; } = "yt-dlp";

    /// <summary>Reads the duration of direct media links, which yt-dlp does not report.</summary>
    [Required]
    public string FfprobePath { get; set; } = "ffprobe";

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromHours(2);

    [Range(1L, long.MaxValue)]
    public long MaxFileSize { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Whether links to loopback and private networks are allowed; enforced where requests are accepted.</summary>
    public bool AllowPrivateHosts { get; set; }

    /// <summary>
    /// A cookies file in the Netscape format (what browser extensions export as cookies.txt), given to
    /// yt-dlp with <c>--cookies</c>: a signed-in session passes the sites' bot checks and age gates. Each
    /// run gets a copy, because yt-dlp writes the jar back when it exits. Its contents are never logged.
    /// </summary>
    public string? CookiesFile { get; set; }

    /// <summary>
    /// A proxy for every request yt-dlp makes (<c>--proxy</c>), e.g. <c>http://user:password@host:3128</c>
    /// or <c>socks5://host:1080</c>: a residential address passes bot checks that a cloud address fails.
    /// It may hold a password, so it is never logged.
    /// </summary>
    public string? Proxy { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(CookiesFile) && CookiesFileProblem(CookiesFile) is { } problem)
            yield return new ValidationResult(problem, [nameof(CookiesFile)]);

        // The value is not repeated: it may hold a password.
        if (!string.IsNullOrEmpty(Proxy)
            && !(Uri.TryCreate(Proxy, UriKind.Absolute, out var proxy) && ProxySchemes.Contains(proxy.Scheme) && proxy.Host.Length > 0))
        {
            yield return new ValidationResult(
                $"must be a proxy URL with the scheme {string.Join(", ", ProxySchemes)}, like http://host:3128.", [nameof(Proxy)]);
        }
    }

    /// <summary>Why the worker could not read the file, or null when it can (its contents are not looked at).</summary>
    private static string? CookiesFileProblem(string path)
    {
        if (!File.Exists(path))
            return $"no file at '{path}'.";
        try
        {
            using var _ = File.OpenRead(path);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"'{path}' cannot be read: {e.Message}";
        }
    }
}
