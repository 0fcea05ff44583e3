using System.Globalization;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;
using TelegramAI.Contracts.Configuration;
using TelegramAI.Worker.Downloads;
using TelegramAI.Worker.Telemetry;

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

    // S3 allows 2 KB of user metadata in all, counted as sent: these budgets are of encoded characters.
    private const int MaxTitleLength = 600;
    private const int MaxSourceUrlLength = 1000;

    // Parts are read from the file as they are sent (see VideoUpload), so memory stays bounded whatever
    // the size (about 150 MB peak RSS for 1 GB in the benchmark). 8 MB x 10 at once is what the AWS CLI uses.
    internal const long PartSize = 8 * 1024 * 1024;
    internal const int ConcurrentParts = 10;

    // S3 checks every part against its CRC32 and keeps a checksum of checksums for the object, as the
    // AWS CLI does. Without one, moto computes a CRC64 of the whole object in Python when the upload
    // completes, which took longer than sending the parts.
    internal static readonly ChecksumAlgorithm Checksum = ChecksumAlgorithm.CRC32;

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
    /// Streams the file from disk, in parts when it is large, so memory stays bounded whatever the size.
    /// The object appears whole or not at all: a failed upload is aborted here (and one cut short by a
    /// dying worker expires by the bucket's lifecycle rule), so no later job takes half a video for a stored one.
    /// </summary>
    public async Task UploadAsync(string key, DownloadedVideo video, CancellationToken cancellationToken)
    {
        using var span = WorkerTelemetry.StartStore(Bucket, key);
        var metadata = Metadata(video.Info);
        if (new FileInfo(video.FilePath).Length > PartSize)
        {
            await using var upload = await StartUploadAsync(key, video.Info, cancellationToken);
            await upload.CompleteAsync(video.FilePath, cancellationToken);
            return;
        }

        var put = new PutObjectRequest
        {
            BucketName = Bucket, Key = key, FilePath = video.FilePath, ContentType = ContentType, UseChunkEncoding = false, ChecksumAlgorithm = Checksum,
        };
        foreach (var (name, value) in metadata)
            put.Metadata[name] = value;
        await s3.PutObjectAsync(put, cancellationToken);
    }

    /// <summary>
    /// Starts a multipart upload for a video described by <paramref name="video"/>, to be sent while it is
    /// written or after; it is aborted if disposed before it completes.
    /// </summary>
    public Task<VideoUpload> StartUploadAsync(string key, VideoInfo video, CancellationToken cancellationToken) =>
        VideoUpload.StartAsync(s3, Bucket, key, Metadata(video), cancellationToken);

    /// <summary>The user metadata a video is stored with; an upload started from other metadata does not describe it.</summary>
    public static IReadOnlyDictionary<string, string> Metadata(VideoInfo video)
    {
        var metadata = new Dictionary<string, string> { [TitleMetadata] = Encode(video.Title, MaxTitleLength) };
        // A link cut short would lead nowhere: it is kept whole or not at all.
        if (Uri.EscapeDataString(video.SourceUrl) is { Length: <= MaxSourceUrlLength } sourceUrl)
            metadata[SourceUrlMetadata] = sourceUrl;
        if (video.Duration is { } duration)
            metadata[DurationMetadata] = duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return metadata;
    }

    /// <summary>
    /// Percent-encoded UTF-8 of at most <paramref name="maxLength"/> characters: the budget is of what is
    /// sent (a CJK character is nine), and the value is cut between whole characters, never inside one.
    /// </summary>
    internal static string Encode(string value, int maxLength)
    {
        var encoded = new System.Text.StringBuilder();
        foreach (var rune in value.EnumerateRunes())
        {
            var piece = Uri.EscapeDataString(rune.ToString());
            if (encoded.Length + piece.Length > maxLength)
                break;
            encoded.Append(piece);
        }

        return encoded.ToString();
    }
}
