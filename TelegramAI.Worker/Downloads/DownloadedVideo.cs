namespace TelegramAI.Worker.Downloads;

/// <summary>A finished download: one mp4 on disk, and what the site said about it at download time.</summary>
public sealed record DownloadedVideo(string FilePath, long SizeBytes, VideoInfo Info);
