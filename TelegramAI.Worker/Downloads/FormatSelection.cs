namespace TelegramAI.Worker.Downloads;

/// <summary>Which yt-dlp arguments choose a video's format (see <see cref="YtDlpArguments"/>).</summary>
public enum FormatSelection
{
    /// <summary>An mp4 that phones play, else anything, from yt-dlp's default player clients.</summary>
    Preferred,

    /// <summary>
    /// After "Requested format is not available": no format filter at all, and other player clients,
    /// which the site answers with other format lists. Tried once before the job fails.
    /// </summary>
    Fallback,
}
