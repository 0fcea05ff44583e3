using Amazon.S3;
using TelegramAI.Bot.Outbound;
using TelegramAI.Contracts.Jobs;

namespace TelegramAI.Bot.Reporting;

/// <summary>
/// How a stored video reaches the chat as a playable video, by Telegram's file limits
/// (https://core.telegram.org/bots/api#sending-files): up to 20 MB Telegram fetches it by URL itself; up to 50 MB
/// the bot uploads it; above that only the link goes (it is in the final message already).
/// </summary>
public sealed class VideoDelivery(IAmazonS3 s3)
{
    /// <summary>Telegram fetches files by URL up to 20 MB.</summary>
    public const long MaxSizeByUrl = 20L * 1024 * 1024;

    /// <summary>Bots may upload files up to 50 MB.</summary>
    public const long MaxUploadSize = 50L * 1024 * 1024;

    /// <returns>The video to send, or null when it is too large for Telegram and the link is all there is.</returns>
    public VideoFile? FileFor(StoredVideo video, string link)
    {
        ArgumentNullException.ThrowIfNull(video);
        return video.SizeBytes switch
        {
            <= MaxSizeByUrl => new VideoFile.ByUrl(link),
            <= MaxUploadSize => new VideoFile.Upload(cancellationToken => OpenAsync(video, cancellationToken), FileName(video)),
            _ => null,
        };
    }

    /// <summary>
    /// The video from S3 in a temporary file that deletes itself when closed: seekable, so the upload has a length and
    /// can be sent again after a 429 without holding 50 MB in memory.
    /// </summary>
    private async Task<Stream> OpenAsync(StoredVideo video, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"telegramai-upload-{Guid.NewGuid():N}.mp4");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            using var response = await s3.GetObjectAsync(video.Bucket, video.Key, cancellationToken);
            await response.ResponseStream.CopyToAsync(file, cancellationToken);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static string FileName(StoredVideo video)
    {
        var name = Path.GetFileName(video.Key);
        return string.IsNullOrEmpty(name) ? "video.mp4" : name;
    }
}
