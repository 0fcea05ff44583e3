using System.Text.Json.Serialization;

namespace TelegramAI.Contracts.Jobs;

[JsonConverter(typeof(JsonStringEnumConverter<JobResultKind>))]
public enum JobResultKind
{
    Progress,
    Succeeded,
    Failed,
}

/// <summary>Why a job failed, in the terms the Bot explains to the user.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FailureReason>))]
public enum FailureReason
{
    /// <summary>The video is private, removed or otherwise unavailable.</summary>
    Unavailable,
    TooLong,
    TooLarge,
    UnsupportedSite,
    NoSearchResult,
    /// <summary>Transient failures kept recurring until the last attempt.</summary>
    DownloadFailed,
    InvalidRequest,
    /// <summary>The site shows the video only to signed-in adults.</summary>
    AgeRestricted,
    /// <summary>The site does not offer the video in the country the worker runs in.</summary>
    GeoRestricted,
    /// <summary>The video is for the channel's paying members only.</summary>
    MembersOnly,
    /// <summary>A live stream, or one that has not started yet (a premiere, a scheduled event).</summary>
    LiveStream,
    /// <summary>The site offered no format of the video that could be downloaded, even to a second set of yt-dlp arguments.</summary>
    NoUsableFormat,
    /// <summary>The site took the server for a bot and refused it ("Sign in to confirm you're not a bot"): an operator's problem, not the user's.</summary>
    BotCheck,
}

/// <summary>
/// What a Worker reports on the results queue about one job: progress while it runs,
/// then exactly one <see cref="JobResultKind.Succeeded"/> or <see cref="JobResultKind.Failed"/>.
/// </summary>
public sealed record JobResult
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required Guid JobId { get; init; }
    public required long ChatId { get; init; }
    public required int StatusMessageId { get; init; }
    public required JobResultKind Kind { get; init; }
    public required DateTimeOffset At { get; init; }

    public JobProgress? Progress { get; init; }
    public StoredVideo? Video { get; init; }
    public JobFailure? Failure { get; init; }
}

public sealed record JobProgress(double Percent, long DownloadedBytes, long? TotalBytes, double? BytesPerSecond, TimeSpan? Eta);

/// <summary>A finished video in S3.</summary>
public sealed record StoredVideo(string Bucket, string Key, string Title, TimeSpan? Duration, long SizeBytes, string SourceUrl);

/// <summary>A failure with a sentence the user can read.</summary>
public sealed record JobFailure(FailureReason Reason, string Message);
