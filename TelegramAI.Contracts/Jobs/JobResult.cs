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
/// <para>
/// Versions follow <see cref="JobMessage"/>'s: a result of a version 1 job is version 1 and names the job's status
/// message, so that a bot of that version still reads it during a deploy; from 2 a result names the job alone.
/// </para>
/// </summary>
public sealed record JobResult
{
    public const int CurrentSchemaVersion = 2;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required Guid JobId { get; init; }
    public required long ChatId { get; init; }

    /// <summary>Version 1 only: the status message of a version 1 job.</summary>
    public int? StatusMessageId { get; init; }

    public required JobResultKind Kind { get; init; }
    public required DateTimeOffset At { get; init; }

    public JobProgress? Progress { get; init; }
    public StoredVideo? Video { get; init; }
    public JobFailure? Failure { get; init; }

    /// <summary>A result about <paramref name="job"/>, in the version of the job's bot.</summary>
    public static JobResult For(JobMessage job, JobResultKind kind, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new JobResult
        {
            SchemaVersion = job.SchemaVersion == JobMessage.StatusMessageSchemaVersion ? JobMessage.StatusMessageSchemaVersion : CurrentSchemaVersion,
            JobId = job.JobId,
            ChatId = job.ChatId,
            StatusMessageId = job.StatusMessageId,
            Kind = kind,
            At = at,
        };
    }
}

public sealed record JobProgress(double Percent, long DownloadedBytes, long? TotalBytes, double? BytesPerSecond, TimeSpan? Eta);

/// <summary>A finished video in S3.</summary>
public sealed record StoredVideo(string Bucket, string Key, string Title, TimeSpan? Duration, long SizeBytes, string SourceUrl);

/// <summary>A failure with a sentence the user can read.</summary>
public sealed record JobFailure(FailureReason Reason, string Message);
