namespace TelegramAI.Worker.Downloads;

/// <summary>How far a download is. <see cref="Percent"/> is null while the total size is unknown.</summary>
public sealed record DownloadProgress(
    double? Percent,
    long DownloadedBytes,
    long? TotalBytes,
    double? BytesPerSecond,
    TimeSpan? Eta);
