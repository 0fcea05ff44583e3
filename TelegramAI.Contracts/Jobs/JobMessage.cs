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
/// </summary>
public sealed record JobMessage
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required Guid JobId { get; init; }
    public required long ChatId { get; init; }
    public required long UserId { get; init; }

    /// <summary>The bot's "being downloaded" message, edited with progress later.</summary>
    public required int StatusMessageId { get; init; }

    public required RequestKind Kind { get; init; }

    /// <summary>The URL, or the search text when <see cref="Kind"/> is <see cref="RequestKind.Search"/>.</summary>
    public required string Request { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }
}
