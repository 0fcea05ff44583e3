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
    /// Downloads <paramref name="video"/> as one mp4 into <paramref name="targetFolder"/>, which belongs to
    /// this one job. On failure or cancellation no partial file is left there.
    /// </summary>
    Task<DownloadedVideo> DownloadAsync(
        VideoInfo video,
        string targetFolder,
        IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken);
}
