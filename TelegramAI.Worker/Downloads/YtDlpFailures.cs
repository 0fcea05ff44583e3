using TelegramAI.Contracts.Jobs;

namespace TelegramAI.Worker.Downloads;

/// <summary>Tells from yt-dlp's exit code and messages whether a failure is the video's or the moment's.</summary>
internal static class YtDlpFailures
{
    public const string Unsupported = "This site isn't supported, or there is no video at that link.";
    public const string NotALink = "That doesn't look like a link to a video.";
    public const string Private = "This video is private.";
    public const string Unavailable = "This video is unavailable: it may have been removed or made private.";
    public const string NotFound = "There is no video at that link any more.";
    public const string NoSearchResult = "Nothing was found for that search.";
    public const string LiveStream = "Live streams can't be downloaded.";
    public const string TryAgain = "The download failed for now; it will be tried again.";

    private static readonly (string Text, FailureReason Reason, string Message)[] PermanentSigns =
    [
        ("Unsupported URL", FailureReason.UnsupportedSite, Unsupported),
        ("is not a valid URL", FailureReason.InvalidRequest, NotALink),
        ("Private video", FailureReason.Unavailable, Private),
        ("This video is private", FailureReason.Unavailable, Private),
        ("Video unavailable", FailureReason.Unavailable, Unavailable),
        ("This video is unavailable", FailureReason.Unavailable, Unavailable),
        ("This video is not available", FailureReason.Unavailable, Unavailable),
        ("has been removed", FailureReason.Unavailable, Unavailable),
        ("members-only", FailureReason.Unavailable, Unavailable),
        ("Sign in to confirm your age", FailureReason.Unavailable, Unavailable),
        ("HTTP Error 404", FailureReason.Unavailable, NotFound),
        ("HTTP Error 410", FailureReason.Unavailable, NotFound),
    ];

    public static string TooLong(TimeSpan limit) => $"The video is longer than {Describe(limit)}.";

    public static string TooLarge(long limitBytes) => $"The video is larger than {limitBytes / (1024 * 1024)} MB.";

    /// <summary>
    /// A failed run: permanent when an ERROR line names a reason that another attempt would meet again,
    /// transient otherwise (network errors, 5xx, timeouts, anything not recognised).
    /// </summary>
    public static VideoDownloadException FromFailedRun(int exitCode, IEnumerable<string> errorTail)
    {
        var lines = errorTail.ToList();
        var diagnostics = $"yt-dlp exited with {exitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";
        var errors = lines.Where(l => l.StartsWith("ERROR:", StringComparison.Ordinal)).ToList();

        foreach (var (text, reason, message) in PermanentSigns)
        {
            if (errors.Any(e => e.Contains(text, StringComparison.OrdinalIgnoreCase)))
                return VideoDownloadException.Permanent(reason, message, diagnostics);
        }

        return VideoDownloadException.Transient(TryAgain, diagnostics);
    }

    /// <summary>
    /// A run that exited 0 without a file. yt-dlp does that when --max-filesize or --match-filter
    /// turns the video down, saying so only in its normal output.
    /// </summary>
    public static VideoDownloadException FromRunWithoutFile(IEnumerable<string> outputTail, DownloadsOptions options)
    {
        var lines = outputTail.ToList();
        var diagnostics = $"yt-dlp exited with 0 and wrote no file:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";

        if (lines.Any(l => l.Contains("larger than max-filesize", StringComparison.OrdinalIgnoreCase)))
            return VideoDownloadException.Permanent(FailureReason.TooLarge, TooLarge(options.MaxFileSize), diagnostics);
        if (lines.Any(l => l.Contains("does not pass filter", StringComparison.OrdinalIgnoreCase)))
            return VideoDownloadException.Permanent(FailureReason.TooLong, TooLong(options.MaxDuration), diagnostics);

        return VideoDownloadException.Transient(TryAgain, diagnostics);
    }

    private static string Describe(TimeSpan limit) =>
        limit.TotalHours >= 1 && limit.Minutes == 0 && limit.Seconds == 0 ? Plural((int)limit.TotalHours, "hour")
        : limit.TotalMinutes >= 1 && limit.Seconds == 0 ? Plural((int)limit.TotalMinutes, "minute")
        : Plural((int)limit.TotalSeconds, "second");

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";
}
