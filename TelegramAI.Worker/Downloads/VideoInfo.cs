namespace TelegramAI.Worker.Downloads;

/// <summary>A video as its site describes it, before or after the download.</summary>
/// <param name="Extractor">The yt-dlp extractor that understood the link, e.g. <c>Youtube</c> or <c>Generic</c>.</param>
/// <param name="Id">The video's id as that extractor reports it.</param>
/// <param name="SourceUrl">The page (or file) the video came from; downloading it again gives the same video.</param>
/// <param name="ApproximateSizeBytes">The size of what will be downloaded, when the site or the server says so.</param>
/// <param name="IsDirectMediaLink">The link points at a media file itself rather than at a page about it.</param>
/// <param name="OneFileExtension">
/// The extension of the file the chosen format downloads as, when it is one file written from start to
/// end; null when yt-dlp merges separate video and audio files at the end.
/// </param>
/// <param name="Formats">The format arguments the video was found with, and is downloaded with.</param>
public sealed record VideoInfo(
    VideoIdentity Identity,
    string Extractor,
    string Id,
    string Title,
    TimeSpan? Duration,
    string SourceUrl,
    long? ApproximateSizeBytes,
    bool IsDirectMediaLink,
    bool IsLive,
    string? OneFileExtension = null,
    FormatSelection Formats = FormatSelection.Preferred);
