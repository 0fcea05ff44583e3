using System.Collections.Concurrent;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using TelegramAI.Worker.Downloads;

namespace TelegramAI.Worker.Storage;

/// <summary>
/// One multipart upload of a video file, in fixed parts: part n holds bytes [n x PartSize, (n + 1) x PartSize).
/// Parts may go up while the file is still being written (<see cref="FollowAsync"/>); the finished file then
/// has the last word (<see cref="CompleteAsync"/>): a part S3 holds is kept only if its checksum matches
/// that range of the finished file, so what was sent early can never end up in the object unless it is
/// exactly what the file holds. An upload disposed before it completes is aborted.
/// </summary>
public sealed class VideoUpload : IAsyncDisposable
{
    /// <summary>How often a growing file is looked at; 100 ms of a fast download is a dozen parts at most.</summary>
    private static readonly TimeSpan FollowInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait for S3 to start an upload, whatever the caller's cancellation says.</summary>
    private static readonly TimeSpan InitiateLimit = TimeSpan.FromSeconds(30);

    private readonly IAmazonS3 _s3;
    private readonly string _bucket;
    private readonly string _uploadId;
    private readonly ConcurrentDictionary<int, SentPart> _sent = new();
    private bool _completed;

    private VideoUpload(IAmazonS3 s3, string bucket, string key, string uploadId, IReadOnlyDictionary<string, string> metadata)
    {
        _s3 = s3;
        _bucket = bucket;
        Key = key;
        _uploadId = uploadId;
        Metadata = metadata;
    }

    public string Key { get; }

    /// <summary>The object's user metadata, fixed when the upload starts.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Whether the object's metadata is what <paramref name="video"/> would be stored with.</summary>
    public bool Describes(VideoInfo video)
    {
        var wanted = VideoStore.Metadata(video);
        return wanted.Count == Metadata.Count && wanted.All(entry => Metadata.TryGetValue(entry.Key, out var value) && value == entry.Value);
    }

    /// <summary>How many parts S3 holds so far.</summary>
    public int PartsSent => _sent.Count;

    internal static async Task<VideoUpload> StartAsync(
        IAmazonS3 s3, string bucket, string key, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var initiate = new InitiateMultipartUploadRequest
        {
            BucketName = bucket, Key = key, ContentType = VideoStore.ContentType, ChecksumAlgorithm = VideoStore.Checksum,
        };
        foreach (var (name, value) in metadata)
            initiate.Metadata[name] = value;

        // Not cut short by the caller: an upload S3 created but whose id never arrived could not be aborted.
        // Bounded all the same; one lost to the bound is left to the bucket's rule for unfinished uploads.
        cancellationToken.ThrowIfCancellationRequested();
        using var limit = new CancellationTokenSource(InitiateLimit);
        var response = await s3.InitiateMultipartUploadAsync(initiate, limit.Token);
        var upload = new VideoUpload(s3, bucket, key, response.UploadId, metadata);
        if (cancellationToken.IsCancellationRequested)
        {
            await upload.DisposeAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        return upload;
    }

    /// <summary>
    /// Sends each part of <paramref name="growingFile"/> as soon as the file has grown past its end, until
    /// <paramref name="writing"/> ends (however it ends: its outcome is the caller's to read). The file may
    /// not exist yet, and may be renamed once written; parts it had no time to send are left to
    /// <see cref="CompleteAsync"/>.
    /// </summary>
    public async Task FollowAsync(string growingFile, Task writing, CancellationToken cancellationToken)
    {
        var sending = new List<Task>();
        using var slots = new SemaphoreSlim(VideoStore.ConcurrentParts);
        try
        {
            var next = 0;
            while (!writing.IsCompleted)
            {
                for (; (next + 1) * VideoStore.PartSize <= Length(growingFile); next++)
                {
                    await slots.WaitAsync(cancellationToken);
                    // Opened by name while the name still holds: the open stream reads on after a rename.
                    if (TryOpenAt(growingFile, next * VideoStore.PartSize) is not { } part)
                    {
                        slots.Release();
                        return;
                    }

                    sending.Add(SendAndReleaseAsync(next, part));
                }

                if (sending.FirstOrDefault(task => task.IsFaulted) is { } failed)
                    await failed;
                await Task.WhenAny(writing, Task.Delay(FollowInterval, cancellationToken));
            }
        }
        finally
        {
            // Every send has ended before this returns, so none can race the completion or the abort.
            await Task.WhenAll(sending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await Task.WhenAll(sending);

        async Task SendAndReleaseAsync(int index, FileStream part)
        {
            try
            {
                await using (part)
                    await SendPartAsync(index, part, VideoStore.PartSize, cancellationToken);
            }
            finally
            {
                slots.Release();
            }
        }
    }

    /// <summary>
    /// Makes the parts S3 holds match <paramref name="file"/> (sending those missing or different) and
    /// completes the object, which holds exactly the file's bytes.
    /// </summary>
    public async Task CompleteAsync(string file, CancellationToken cancellationToken)
    {
        var size = new FileInfo(file).Length;
        var count = Math.Max(1, (int)((size + VideoStore.PartSize - 1) / VideoStore.PartSize));
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = VideoStore.ConcurrentParts, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var position = index * VideoStore.PartSize;
                var length = Math.Min(VideoStore.PartSize, size - position);
                await using var part = TryOpenAt(file, position) ?? throw new FileNotFoundException("The finished file is gone.", file);
                if (_sent.TryGetValue(index, out var sent) && sent.Length == length && sent.Checksum == await PartChecksum.OfAsync(part, length, token))
                    return;

                part.Position = position;
                await SendPartAsync(index, part, length, token);
            });

        // Parts beyond the end of the finished file are left out, and S3 drops them with the upload.
        var parts = Enumerable.Range(0, count)
            .Select(index => new PartETag { PartNumber = index + 1, ETag = _sent[index].ETag, ChecksumCRC32 = _sent[index].Checksum })
            .ToList();
        await _s3.CompleteMultipartUploadAsync(
            new CompleteMultipartUploadRequest { BucketName = _bucket, Key = Key, UploadId = _uploadId, PartETags = parts },
            cancellationToken);
        _completed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
            await AbortQuietlyAsync();
    }

    private async Task SendPartAsync(int index, Stream source, long length, CancellationToken cancellationToken)
    {
        var response = await _s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = _bucket,
            Key = Key,
            UploadId = _uploadId,
            PartNumber = index + 1,
            InputStream = source,
            PartSize = length,

            // The SDK's default sends a part as signed chunks, which made uploads markedly slower
            // (and TransferUtility offers no way out); the part is hashed whole instead.
            UseChunkEncoding = false,
            ChecksumAlgorithm = VideoStore.Checksum,
        }, cancellationToken);

        // S3 has checked the part against this checksum: it is the checksum of what S3 holds.
        _sent[index] = new SentPart(response.ETag, response.ChecksumCRC32, length);
    }

    private static long Length(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? file.Length : 0;
    }

    private static FileStream? TryOpenAt(string path, long position)
    {
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, useAsync: true);
            stream.Position = position;
            return stream;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    // The failure that got here is the one to report; an abort that fails too is left to the bucket's
    // lifecycle rule for unfinished uploads, and is bounded so it cannot hold up a stopping worker.
    private async Task AbortQuietlyAsync()
    {
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _bucket, Key = Key, UploadId = _uploadId }, limit.Token);
        }
        catch (Exception e) when (e is AmazonServiceException or OperationCanceledException or HttpRequestException)
        {
            // Nothing more to do here: see above.
        }
    }

    private sealed record SentPart(string ETag, string? Checksum, long Length);
}
