using System.Globalization;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
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

    // S3 allows 2 KB of user metadata in all, counted as sent: these budgets are of encoded characters.
    private const int MaxTitleLength = 600;
    private const int MaxSourceUrlLength = 1000;

    // Parts are read from the file as they are sent, so memory stays bounded whatever the size (about
    // 150 MB peak RSS for 1 GB in the benchmark). 8 MB x 10 at once is what the AWS CLI uses.
    internal const long PartSize = 8 * 1024 * 1024;
    private const int ConcurrentParts = 10;

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
        var metadata = Metadata(video);
        var size = new FileInfo(video.FilePath).Length;
        if (size <= PartSize)
        {
            var put = new PutObjectRequest { BucketName = Bucket, Key = key, FilePath = video.FilePath, ContentType = ContentType, UseChunkEncoding = false };
            CopyTo(metadata, put.Metadata);
            await s3.PutObjectAsync(put, cancellationToken);
            return;
        }

        var initiate = new InitiateMultipartUploadRequest { BucketName = Bucket, Key = key, ContentType = ContentType };
        CopyTo(metadata, initiate.Metadata);
        var uploadId = (await s3.InitiateMultipartUploadAsync(initiate, cancellationToken)).UploadId;
        try
        {
            var parts = new PartETag[(int)((size + PartSize - 1) / PartSize)];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, parts.Length),
                new ParallelOptions { MaxDegreeOfParallelism = ConcurrentParts, CancellationToken = cancellationToken },
                async (index, token) =>
                {
                    var position = index * PartSize;
                    var response = await s3.UploadPartAsync(new UploadPartRequest
                    {
                        BucketName = Bucket,
                        Key = key,
                        UploadId = uploadId,
                        PartNumber = index + 1,
                        FilePath = video.FilePath,
                        FilePosition = position,
                        PartSize = Math.Min(PartSize, size - position),

                        // The SDK's default sends a part as signed chunks, which made uploads markedly
                        // slower (and TransferUtility offers no way out); the part is hashed whole instead.
                        UseChunkEncoding = false,
                    }, token);
                    parts[index] = new PartETag(index + 1, response.ETag);
                });
            await s3.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = uploadId, PartETags = [.. parts] },
                cancellationToken);
        }
        catch
        {
            await AbortQuietlyAsync(key, uploadId);
            throw;
        }
    }

    // The failure that got here is the one to report; an abort that fails too is left to the bucket's
    // lifecycle rule for unfinished uploads, and is bounded so it cannot hold up a stopping worker.
    private async Task AbortQuietlyAsync(string key, string uploadId)
    {
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = uploadId }, limit.Token);
        }
        catch (Exception e) when (e is AmazonServiceException or OperationCanceledException or HttpRequestException)
        {
            // Nothing more to do here: see above.
        }
    }

    private static Dictionary<string, string> Metadata(DownloadedVideo video)
    {
        var metadata = new Dictionary<string, string> { [TitleMetadata] = Encode(video.Info.Title, MaxTitleLength) };
        // A link cut short would lead nowhere: it is kept whole or not at all.
        if (Uri.EscapeDataString(video.Info.SourceUrl) is { Length: <= MaxSourceUrlLength } sourceUrl)
            metadata[SourceUrlMetadata] = sourceUrl;
        if (video.Info.Duration is { } duration)
            metadata[DurationMetadata] = duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return metadata;
    }

    private static void CopyTo(Dictionary<string, string> metadata, MetadataCollection target)
    {
        foreach (var (name, value) in metadata)
            target[name] = value;
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
