namespace TelegramAI.Worker.Storage;

/// <summary>
/// What a job waiting for its turn at a video got: the video, already stored by another job
/// (<see cref="StoredSize"/>), or the lease to download it itself (<see cref="Lease"/>). Exactly one is set.
/// </summary>
public sealed record DownloadTurn(long? StoredSize, DownloadLease? Lease)
{
    public static DownloadTurn Stored(long size) => new(size, null);

    public static DownloadTurn Download(DownloadLease lease) => new(null, lease);
}
