using TelegramAI.Contracts.Jobs;

namespace TelegramAI.Worker.Downloads;

/// <summary>
/// Tells from yt-dlp's exit code and ERROR lines what went wrong, and so whether another attempt could
/// help. The signs are yt-dlp's own wording, or the site's that yt-dlp passes on (YouTube's playability
/// reasons, such as "Sign in to confirm you're not a bot", are quoted as YouTube gives them).
/// </summary>
internal static class YtDlpFailures
{
    public const string Unsupported = "This site isn't supported, or there is no video at that link.";
    public const string NotALink = "That doesn't look like a link to a video.";
    public const string Private = "This video is private.";
    public const string Unavailable = "This video is unavailable: it may have been removed or made private.";
    public const string NotFound = "There is no video at that link any more.";
    public const string NoSearchResult = "Nothing was found for that search.";
    public const string LiveStream = "Live streams, and streams that have not started yet, can't be downloaded.";
    public const string AgeRestricted = "This video is age-restricted: the site shows it only to signed-in adults.";
    public const string GeoRestricted = "This video is not available in the country the server is in.";
    public const string MembersOnly = "This video is for the channel's members only.";
    public const string NoUsableFormat = "The site offered no format of this video that could be downloaded.";
    public const string BotCheck = "The site refused the server: it asked for a sign-in to prove it is not a bot.";
    public const string TryAgain = "The download failed for now; it will be tried again.";

    /// <summary>The line yt-dlp prints when no format matches the selection (YoutubeDL.process_video_result).</summary>
    public const string FormatNotAvailable = "Requested format is not available";

    /// <summary>In order: the first that an ERROR line contains decides. More specific signs come first.</summary>
    private static readonly (string Text, FailureReason Reason, string Message)[] PermanentSigns =
    [
        (FormatNotAvailable, FailureReason.NoUsableFormat, NoUsableFormat),
        // YouTube: "The uploader has not made this video available in your country"; yt-dlp's default:
        // "This video is not available from your location due to geo restriction". Before "Video unavailable".
        ("available in your country", FailureReason.GeoRestricted, GeoRestricted),
        ("not available from your location", FailureReason.GeoRestricted, GeoRestricted),
        ("geo restriction", FailureReason.GeoRestricted, GeoRestricted),
        // YouTube: "Sign in to confirm your age. This video may be inappropriate for some users."
        ("confirm your age", FailureReason.AgeRestricted, AgeRestricted),
        ("age-restricted", FailureReason.AgeRestricted, AgeRestricted),
        ("inappropriate for some users", FailureReason.AgeRestricted, AgeRestricted),
        // YouTube: "Join this channel to get access to members-only content like this video, and other
        // exclusive perks." or "This video is available to this channel's members on level: ..."
        ("members-only", FailureReason.MembersOnly, MembersOnly),
        ("available to this channel's members", FailureReason.MembersOnly, MembersOnly),
        // YouTube: "This live event will begin in 2 days.", "Premieres in 6 hours"; yt-dlp's UserNotLive:
        // "The channel is not currently live".
        ("This live event will begin", FailureReason.LiveStream, LiveStream),
        ("Premieres in", FailureReason.LiveStream, LiveStream),
        ("not currently live", FailureReason.LiveStream, LiveStream),
        ("Unsupported URL", FailureReason.UnsupportedSite, Unsupported),
        ("is not a valid URL", FailureReason.InvalidRequest, NotALink),
        ("Private video", FailureReason.Unavailable, Private),
        ("This video is private", FailureReason.Unavailable, Private),
        ("Video unavailable", FailureReason.Unavailable, Unavailable),
        ("This video is unavailable", FailureReason.Unavailable, Unavailable),
        ("This video is not available", FailureReason.Unavailable, Unavailable),
        ("has been removed", FailureReason.Unavailable, Unavailable),
        ("HTTP Error 404", FailureReason.Unavailable, NotFound),
        ("HTTP Error 410", FailureReason.Unavailable, NotFound),
    ];

    /// <summary>
    /// YouTube: "Sign in to confirm you’re not a bot" (with a typographic or a plain apostrophe), and the
    /// captcha yt-dlp reports as "YouTube is requiring a captcha challenge before playback".
    /// </summary>
    private static readonly string[] BotCheckSigns = ["not a bot", "captcha"];

    public static string TooLong(TimeSpan limit) => $"The video is longer than {Describe(limit)}.";

    public static string TooLarge(long limitBytes) => $"The video is larger than {limitBytes / (1024 * 1024)} MB.";

    /// <summary>
    /// A failed run: a bot check; permanent when an ERROR line names a reason that another attempt would
    /// meet again; transient otherwise (network errors, 5xx, timeouts, anything not recognised).
    /// </summary>
    public static VideoDownloadException FromFailedRun(int exitCode, IEnumerable<string> errorTail)
    {
        var lines = errorTail.ToList();
        var diagnostics = $"yt-dlp exited with {exitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";
        var errors = lines.Where(l => l.StartsWith("ERROR:", StringComparison.Ordinal)).ToList();

        if (errors.Any(e => BotCheckSigns.Any(sign => e.Contains(sign, StringComparison.OrdinalIgnoreCase))))
            return VideoDownloadException.RefusedByBotCheck(BotCheck, diagnostics);

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
