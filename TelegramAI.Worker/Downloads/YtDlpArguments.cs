using System.Globalization;
using TelegramAI.Contracts.Jobs;

namespace TelegramAI.Worker.Downloads;

/// <summary>The argument lists yt-dlp is run with. Every flag here exists in yt-dlp 2023.03.04.</summary>
internal static class YtDlpArguments
{
    /// <summary>
    /// One mp4 that phones play: H.264 video with AAC audio merged, else a single mp4, else the best there is
    /// (remuxed to mp4 afterwards). A single mp4 is copied as it is served.
    /// </summary>
    public const string Format = "bv*[vcodec^=avc1][ext=mp4]+ba[ext=m4a]/b[vcodec^=avc1][ext=mp4]/b[ext=mp4]/b";

    /// <summary>
    /// The player clients of <see cref="FormatSelection.Fallback"/>: YouTube answers each client with its own
    /// format list, so one that offered nothing usable is not the last word. "default" keeps the clients this
    /// yt-dlp version prefers; names it does not know are skipped with a warning. Other sites ignore it.
    /// </summary>
    public const string FallbackPlayerClients = "youtube:player_client=default,tv_simply,mweb";

    public const string OutputBaseName = "video";

    private static readonly string[] Common =
    [
        "--ignore-config",
        "--no-cache-dir",
        // A link to a video in a playlist means that video; a link to a playlist means its first video.
        "--no-playlist",
        "--playlist-items", "1",
        "--socket-timeout", "30",
    ];

    /// <summary>Where yt-dlp writes a single-file download of that extension until it is complete and renamed.</summary>
    public static string PartialFile(string targetFolder, string extension) =>
        Path.Combine(targetFolder, $"{OutputBaseName}.{extension}.part");

    /// <summary>What yt-dlp is asked for: the link itself, or YouTube's first search result for the text.</summary>
    public static string Target(VideoRequest request) =>
        request.Kind == RequestKind.Search ? $"ytsearch1:{request.Text.Trim()}" : request.Text.Trim();

    public static IReadOnlyList<string> ForResolve(VideoRequest request, FormatSelection formats = FormatSelection.Preferred) =>
        [.. Common, .. Formats(formats), "--dump-single-json", "--", Target(request)];

    /// <param name="finalInfoPath">Where yt-dlp writes the video's final metadata once the file is in place.</param>
    public static IReadOnlyList<string> ForDownload(
        string sourceUrl, string targetFolder, string finalInfoPath, DownloadsOptions options, FormatSelection formats = FormatSelection.Preferred) =>
    [
        .. Common,
        .. Formats(formats),
        "--merge-output-format", "mp4",
        "--remux-video", "mp4",
        "--max-filesize", options.MaxFileSize.ToString(CultureInfo.InvariantCulture),
        // "<=?" lets a video without a known duration through; it is measured after the download.
        "--match-filter", $"!is_live & duration <=? {(long)options.MaxDuration.TotalSeconds}",
        // Partial data stays in a .part file, so an interrupted download never looks like a finished mp4.
        "--no-mtime",
        "--newline",
        "--progress-template", YtDlpProgress.Template,
        "--output", EscapeTemplate(Path.Combine(targetFolder, OutputBaseName + ".")) + "%(ext)s",
        "--print-to-file", "after_move:%()j", EscapeTemplate(finalInfoPath),
        "--",
        sourceUrl,
    ];

    /// <summary>
    /// How yt-dlp reaches the sites: the cookies (a copy of <c>Downloads__CookiesFile</c>) and the proxy,
    /// when set. They go before the other arguments; both are secrets, see <see cref="YtDlpSecrets"/>.
    /// </summary>
    public static IReadOnlyList<string> Connection(string? cookiesFile, string? proxy) =>
    [
        .. string.IsNullOrEmpty(cookiesFile) ? [] : new[] { "--cookies", cookiesFile },
        .. string.IsNullOrEmpty(proxy) ? [] : new[] { "--proxy", proxy },
    ];

    private static string[] Formats(FormatSelection formats) => formats switch
    {
        FormatSelection.Fallback => ["--extractor-args", FallbackPlayerClients],
        _ => ["--format", Format],
    };

    // Both take output templates, in which '%' starts a field.
    private static string EscapeTemplate(string path) => path.Replace("%", "%%", StringComparison.Ordinal);
}
