using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;

namespace TelegramAI.Worker.Storage;

/// <summary>
/// One download per video, however many jobs ask for it at once (a link that goes round a group). Before a
/// job downloads a video it takes the video's lease: an object at <c>leases/{video key}</c>, created with S3's
/// conditional write <c>If-None-Match: *</c>, which exactly one writer wins. The other jobs wait, and take the
/// video once the holder has stored it; if the holder gives up without it, the next one takes the lease and
/// tries itself. The holder renews the lease every third of its duration; a lease left unrenewed for its whole
/// duration (its worker died) is taken over with <c>If-Match</c> on its ETag, which again exactly one wins.
/// </summary>
public sealed class DownloadLeases(IAmazonS3 s3, VideoStore store, TimeProvider time, ILogger<DownloadLeases> logger)
{
    public const string KeyPrefix = "leases/";

    /// <summary>User metadata with the lease's duration in seconds, so a waiter judges it by its holder's terms.</summary>
    public const string DurationMetadata = "lease-seconds";

    /// <summary>How often a waiting job looks for the video and at the lease: two HEAD requests each time.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    // One attempt at a time in this process: jobs of one worker never race each other for a lease.
    private readonly SemaphoreSlim _acquiring = new(1, 1);

    public static string LeaseKey(string videoKey) => KeyPrefix + videoKey;

    /// <summary>
    /// Waits until the video at <paramref name="videoKey"/> is stored (by anyone) or this job holds its lease.
    /// </summary>
    /// <param name="duration">How long the lease holds without renewal: the job's own lease on its message, so a dead worker gives up both at once.</param>
    /// <param name="holder">Who holds it, written into the lease object for an operator who looks.</param>
    public async Task<DownloadTurn> WaitForTurnAsync(string videoKey, TimeSpan duration, string holder, CancellationToken cancellationToken)
    {
        var waitingSince = (long?)null;
        while (true)
        {
            if (await store.FindAsync(videoKey, cancellationToken) is { } size)
            {
                if (waitingSince is { } since)
                    logger.LogInformation("Another job stored {Key} after {Waited:0.0} s of waiting; sharing it", videoKey, time.GetElapsedTime(since).TotalSeconds);
                return DownloadTurn.Stored(size);
            }

            if (await TryAcquireAsync(videoKey, duration, holder, cancellationToken) is { } lease)
            {
                // The last holder may have stored the video and let go between the look above and this lease.
                if (await store.FindAsync(videoKey, cancellationToken) is { } storedMeanwhile)
                {
                    await lease.DisposeAsync();
                    return DownloadTurn.Stored(storedMeanwhile);
                }

                return DownloadTurn.Download(lease);
            }

            if (waitingSince is null)
            {
                logger.LogInformation("Waiting for another job to download {Key}", videoKey);
                waitingSince = time.GetTimestamp();
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    private async Task<DownloadLease?> TryAcquireAsync(string videoKey, TimeSpan duration, string holder, CancellationToken cancellationToken)
    {
        var leaseKey = LeaseKey(videoKey);
        await _acquiring.WaitAsync(cancellationToken);
        try
        {
            string? etag;
            if (await FindLeaseAsync(leaseKey, duration, cancellationToken) is not { } current)
            {
                etag = await TryPutAsync(leaseKey, holder, duration, renewals: 0, ifMatch: null, cancellationToken);
            }
            else if (current.ExpiresAt <= time.GetUtcNow())
            {
                logger.LogWarning("The lease on {Key} ran out at {ExpiresAt} without being renewed; taking it over", videoKey, current.ExpiresAt);
                etag = await TryPutAsync(leaseKey, holder, duration, renewals: 0, ifMatch: current.ETag, cancellationToken);
            }
            else
            {
                return null;
            }

            return etag is null ? null : new DownloadLease(this, leaseKey, etag, holder, duration, logger);
        }
        finally
        {
            _acquiring.Release();
        }
    }

    private sealed record CurrentLease(string ETag, DateTimeOffset ExpiresAt);

    private async Task<CurrentLease?> FindLeaseAsync(string leaseKey, TimeSpan defaultDuration, CancellationToken cancellationToken)
    {
        GetObjectMetadataResponse metadata;
        try
        {
            metadata = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = store.Bucket, Key = leaseKey }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var duration = int.TryParse(metadata.Metadata[DurationMetadata], out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : defaultDuration;
        var lastModified = metadata.LastModified is { } modified ? AsUtc(modified) : time.GetUtcNow();
        return new CurrentLease(metadata.ETag, lastModified + duration);
    }

    /// <summary>
    /// Writes the lease on one condition: that there is none (<paramref name="ifMatch"/> null), or that it is
    /// still the one with that ETag. Returns the new ETag, or null when another writer got there first.
    /// </summary>
    internal async Task<string?> TryPutAsync(
        string leaseKey, string holder, TimeSpan duration, int renewals, string? ifMatch, CancellationToken cancellationToken)
    {
        var put = new PutObjectRequest
        {
            BucketName = store.Bucket,
            Key = leaseKey,
            ContentType = "application/json",
            ContentBody = $$"""{"holder":{{System.Text.Json.JsonSerializer.Serialize(holder)}},"renewals":{{renewals}},"writtenAt":"{{time.GetUtcNow():O}}"}""",
            UseChunkEncoding = false,
        };
        put.Metadata[DurationMetadata] = ((int)Math.Ceiling(duration.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (ifMatch is null)
            put.IfNoneMatch = "*";
        else
            put.IfMatch = ifMatch;

        try
        {
            return (await s3.PutObjectAsync(put, cancellationToken)).ETag;
        }
        catch (AmazonS3Exception e) when (LostTheRace(e))
        {
            return null;
        }
    }

    /// <summary>Deletes the lease if it is still the one with that ETag; a lease another job has taken over stays.</summary>
    internal async Task ReleaseAsync(string leaseKey, string etag, CancellationToken cancellationToken)
    {
        try
        {
            await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = store.Bucket, Key = leaseKey, IfMatch = etag }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (LostTheRace(e))
        {
            // Taken over already: it is the new holder's to release.
        }
    }

    /// <summary>
    /// 412: the condition failed (someone else's lease is there); 409: a concurrent conditional write won;
    /// 404: the lease to be replaced is gone. All of them mean the lease is not this writer's.
    /// </summary>
    private static bool LostTheRace(AmazonS3Exception e) =>
        e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict or HttpStatusCode.NotFound;

    private static DateTimeOffset AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero),
    };
}
