namespace TelegramAI.Worker.Downloads;

/// <summary>
/// Finds a video and downloads it to disk. Failures are <see cref="VideoDownloadException"/>s that say
/// whether trying again could help; cancellation is an <see cref="OperationCanceledException"/>.
/// </summary>
public interface IVideoDownloader
{
    /// <summary>Looks the video up without downloading it.</summary>
    Task<VideoInfo> ResolveAsync(VideoRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The file that grows in <paramref name="targetFolder"/> while <paramref name="video"/> downloads, when
    /// it comes as one file written from start to end; null otherwise. It can be read (and stored) before
    /// the download ends, as a head start only: it may still be rewritten (a restart, a fix-up), so the
    /// finished file is what counts.
    /// </summary>
    string? GrowingFile(VideoInfo video, string targetFolder);

    /// <summary>
    /// Downloads <paramref name="video"/> as one mp4 into <paramref name="targetFolder"/>, which belongs to
    /// this one job. On failure or cancellation no partial file is left there.
    /// </summary>
    Task<DownloadedVideo> DownloadAsync(
        VideoInfo video,
        string targetFolder,
        IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken);
}
