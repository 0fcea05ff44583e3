using System.Globalization;
using TelegramAI.Contracts.Jobs;

namespace TelegramAI.Bot.Conversation;

/// <summary>Everything the bot says, in one place. Plain text: nothing a user sends is ever parsed as markup.</summary>
public static class BotReplies
{
    public const string Help =
        "Hi! I fetch videos for you.\n\n" +
        "• Send me a link (YouTube or any other site with a video) and I will download it and send you the video, " +
        "or a link to it when it is too large for Telegram.\n" +
        "• Send me a few words and I will fetch the first YouTube result for them.\n" +
        "• Up to 5 links per message. A forwarded post with a link in its caption works too.\n" +
        "• In a group, use /dl with a link or words, mention me, or reply to one of my messages.\n\n" +
        "Commands: /dl <link or words> fetches a video, /help shows this message.";

    public const string GroupHello =
        "Hi! I fetch videos. In this group I only listen when asked: send /dl with a link or a few words, " +
        "mention me with a link, or reply to one of my messages. /help says more.";

    public const string DownloadUsage = "Send /dl with a link to a video, or with a few words to search for on YouTube.";

    public const string UnknownCommand = "I don't know that command. Send /help to see what I can do.";

    public const string NotAllowed = "Sorry, this bot is private and not available in this chat.";

    public const string TooLong = "That message is too long (over 4096 characters). Send me a link or a few words to search for.";

    public const string Empty = "I received an empty message. Send me a link to a video, or a few words to search for.";

    public const string SomethingWentWrong = "Something went wrong, please try again.";

    // The echo is cut so the reply always fits Telegram's 4096 characters, whatever the user sent.
    public static string Downloading(string url) => $"Your video is being downloaded...\n{Shorten(url, 1000)}";

    public static string Searching(string query) => $"Searching YouTube for \"{Shorten(query, 200)}\"... Your video is being downloaded.";

    public static string NotText(string kind) =>
        $"I can't do anything with {kind}. Send me a link to a video, or a few words to search for on YouTube.";

    public static string RateLimited(TimeSpan retryAfter) =>
        $"You have started too many downloads. Please try again in {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))} seconds.";

    public static string Refused(RefusedLink link) => link.Reason switch
    {
        LinkRefusal.UnsupportedScheme => $"I can't fetch {Shorten(link.Text)}: only http and https links are supported.",
        LinkRefusal.PrivateHost => $"I can't fetch {Shorten(link.Text)}: it points to a private or local address.",
        _ => $"I can't fetch {Shorten(link.Text)}: it is not a valid link.",
    };

    public static string Skipped(int count) =>
        $"I only take {LinkExtractor.MaxLinksPerMessage} links per message, so I skipped {count} more. Send them in another message.";

    public static string Progress(JobProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var text = string.Create(CultureInfo.InvariantCulture, $"Downloading... {Math.Clamp(progress.Percent, 0, 100):0}%");
        if (progress.TotalBytes is { } total)
        {
            text += $" of {Size(total)}";
        }

        if (progress.Eta is { } eta && eta > TimeSpan.Zero)
        {
            text += $", about {Duration(eta)} left";
        }

        return text;
    }

    /// <param name="linkLifetime">How long the link works: it is said, since a link cannot outlive the credentials that signed it.</param>
    public static string Succeeded(StoredVideo video, string link, TimeSpan linkLifetime)
    {
        ArgumentNullException.ThrowIfNull(video);
        var details = video.Duration is { } duration ? $"{Duration(duration)}, {Size(video.SizeBytes)}" : Size(video.SizeBytes);
        return $"Done: {video.Title} ({details})\n\nDownload link (works for {Lifetime(linkLifetime)}; send the video's link again for a new one):\n{link}";
    }

    /// <summary>A link's lifetime in words, rounded down so the promise holds: "24 hours", "5 hours", "14 minutes".</summary>
    public static string Lifetime(TimeSpan lifetime) => lifetime switch
    {
        { TotalDays: >= 2 } => Plural((int)lifetime.TotalDays, "day"),
        { TotalHours: >= 2 } => Plural((int)lifetime.TotalHours, "hour"),
        { TotalMinutes: >= 1 } => Plural((int)lifetime.TotalMinutes, "minute"),
        _ => "less than a minute",
    };

    private static string Plural(int count, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {unit}{(count == 1 ? "" : "s")}");

    /// <summary>The caption of a video sent by URL: Telegram allows 1024 characters, so the link goes only when it fits.</summary>
    public static string VideoCaption(StoredVideo video, string link)
    {
        ArgumentNullException.ThrowIfNull(video);
        var caption = $"{video.Title}\n{link}";
        return caption.Length <= 1024 ? caption : Shorten(video.Title, 1024);
    }

    public static string Failed(JobFailure? failure) => failure?.Reason switch
    {
        FailureReason.Unavailable => "Sorry, I can't get this video: it is private, removed or otherwise unavailable.",
        FailureReason.TooLong => "Sorry, this video is too long for me to download.",
        FailureReason.TooLarge => "Sorry, this video is too large for me to download.",
        FailureReason.UnsupportedSite => "Sorry, I can't download videos from this site.",
        FailureReason.NoSearchResult => "Sorry, I found no YouTube video for that search.",
        FailureReason.DownloadFailed => "Sorry, the download kept failing, even after several tries. Please try again later.",
        FailureReason.InvalidRequest => "Sorry, I couldn't understand that request. Send me a link to a video, or a few words to search for.",
        FailureReason.AgeRestricted => "Sorry, this video is age-restricted: the site shows it only to signed-in adults, so I can't download it.",
        FailureReason.GeoRestricted => "Sorry, this video isn't available in the country my server is in.",
        FailureReason.MembersOnly => "Sorry, this video is for the channel's members only.",
        FailureReason.LiveStream => "Sorry, I can't download a live stream, or one that hasn't started yet. Send the link again once it has ended.",
        FailureReason.NoUsableFormat => "Sorry, the site offered no version of this video that I can download.",
        FailureReason.BotCheck => "Sorry, the site refused my server: it asked me to prove I'm not a bot. This needs the bot's operator; until they fix it, videos from this site may not come through.",
        _ => SomethingWentWrong,
    };

    public static string Size(long bytes) => bytes switch
    {
        >= 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.0} GB"),
        >= 1024L * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    public static string Duration(TimeSpan duration) =>
        duration.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours}:{duration.Minutes:00}:{duration.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.Minutes}:{duration.Seconds:00}");

    private static string Shorten(string text, int maxLength = 80)
    {
        if (text.Length <= maxLength)
            return text;

        // Cut between whole characters: half a surrogate pair is not text Telegram accepts.
        var cut = maxLength - 3;
        if (char.IsHighSurrogate(text[cut - 1]))
            cut--;
        return text[..cut] + "...";
    }
}
