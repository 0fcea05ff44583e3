using System.Text.Json.Serialization;

namespace TelegramAI.Contracts.Jobs;

/// <summary>What the user asked for: a link to fetch, or text to search for.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RequestKind>))]
public enum RequestKind
{
    Url,
    Search,
}

/// <summary>
/// One video request, sent by the Bot on the jobs queue and taken by a Worker.
/// The W3C trace context does not live here: it travels in the SQS message attributes
/// named by <see cref="MessageAttributeNames"/>.
/// <para>
/// Versions: 1 carried the bot's status message (<see cref="StatusMessageId"/>), so a job could only be queued
/// once Telegram had taken that message, at Telegram's send rate. From 2 the job is queued at once and the bot
/// keeps the job's status message itself; results name the job alone. Workers take both, so messages still on a
/// queue during a deploy are handled; deploy the workers before the bot.
/// </para>
/// </summary>
public sealed record JobMessage
{
    public const int CurrentSchemaVersion = 2;

    /// <summary>The first version, which carried <see cref="StatusMessageId"/>.</summary>
    public const int StatusMessageSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required Guid JobId { get; init; }
    public required long ChatId { get; init; }
    public required long UserId { get; init; }

    /// <summary>Version 1 only: the bot's "being downloaded" message, which the worker's results name.</summary>
    public int? StatusMessageId { get; init; }

    public required RequestKind Kind { get; init; }

    /// <summary>The URL, or the search text when <see cref="Kind"/> is <see cref="RequestKind.Search"/>.</summary>
    public required string Request { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }
}
