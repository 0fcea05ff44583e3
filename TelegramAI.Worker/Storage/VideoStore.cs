using System.Globalization;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Microsoft.Extensions.Options;
using TelegramAI.Contracts.Configuration;
using TelegramAI.Worker.Downloads;

namespace TelegramAI.Worker.Storage;

/// <summary>
/// The video bucket. A video's key is its identity (<see cref="VideoIdentity.ToS3Key"/>), so a video is
/// stored once however often and however it is asked for, and a job that runs twice finds it the second time.
/// </summary>
public sealed class VideoStore(IAmazonS3 s3, IOptions<StorageOptions> options)
{
    public const string ContentType = "video/mp4";

    /// <summary>User metadata names (sent as <c>x-amz-meta-*</c>). Values are percent-encoded UTF-8: S3 headers are ASCII.</summary>
    public const string TitleMetadata = "title";
    public const string SourceUrlMetadata = "source-url";
    public const string DurationMetadata = "duration";

    // S3 allows 2 KB of user metadata in all; a title or link longer than this is cut.
    private const int MaxTitleLength = 200;
    private const int MaxSourceUrlLength = 1000;

    // Parts are read from the file as they are sent, so memory stays at a few parts whatever the size.
    private const long PartSize = 16 * 1024 * 1024;
    private const int ConcurrentParts = 4;

    public string Bucket { get; } = options.Value.Bucket;

    /// <summary>Stops the worker at start, naming the key, when the bucket is missing or out of reach.</summary>
    public async Task EnsureBucketExistsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, MaxKeys = 1 }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            throw new ConfigurationException("Storage__Bucket", $"the bucket '{Bucket}' cannot be used: {e.ErrorCode} (request id {e.RequestId}).", e);
        }
    }

    /// <summary>The size of the video stored under <paramref name="key"/>, or null when there is none.</summary>
    public async Task<long?> FindAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = key }, cancellationToken);
            return metadata.ContentLength;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Streams the file from disk, in parts when it is large. The object appears whole or not at all,
    /// so a worker that dies mid-upload leaves nothing a later job would take for a stored video.
    /// </summary>
    public async Task UploadAsync(string key, DownloadedVideo video, CancellationToken cancellationToken)
    {
        var request = new TransferUtilityUploadRequest
        {
            BucketName = Bucket,
            Key = key,
            FilePath = video.FilePath,
            ContentType = ContentType,
            PartSize = PartSize,
        };
        request.Metadata[TitleMetadata] = Encode(video.Info.Title, MaxTitleLength);
        if (video.Info.SourceUrl.Length <= MaxSourceUrlLength)
            request.Metadata[SourceUrlMetadata] = Encode(video.Info.SourceUrl, MaxSourceUrlLength);
        if (video.Info.Duration is { } duration)
            request.Metadata[DurationMetadata] = duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

        using var transfer = new TransferUtility(s3, new TransferUtilityConfig
        {
            ConcurrentServiceRequests = ConcurrentParts,
            MinSizeBeforePartUpload = PartSize,
        });
        await transfer.UploadAsync(request, cancellationToken);
    }

    private static string Encode(string value, int maxLength) =>
        Uri.EscapeDataString(value.Length > maxLength ? value[..maxLength] : value);
}
