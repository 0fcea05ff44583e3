using Telegram.Bot.Types;

namespace TelegramAI.Bot.Outbound;

/// <summary>How a message handed to the <see cref="TelegramOutbox"/> ended.</summary>
public enum OutboxOutcome
{
    /// <summary>Telegram took it; <see cref="OutboxResult.Message"/> is what it sent.</summary>
    Sent,

    /// <summary>
    /// The bot may no longer write to the chat (blocked, kicked, the account deleted, the chat not found): nothing
    /// more goes there until the chat writes again.
    /// </summary>
    ChatGone,

    /// <summary>Telegram refused this one call for good (a 400 other than the above); <see cref="OutboxResult.Error"/> says why.</summary>
    Refused,

    /// <summary>Called off before it went (<see cref="TelegramOutbox.TryCancel"/>), or replaced by a newer message with its key.</summary>
    Cancelled,

    /// <summary>Dropped: a progress edit that waited too long to be news.</summary>
    Stale,

    /// <summary>The bot is stopping; whoever posted it keeps it for the next start.</summary>
    Stopped,
}

public sealed record OutboxResult(OutboxOutcome Outcome, Message? Message = null, Exception? Error = null)
{
    public static OutboxResult Cancelled { get; } = new(OutboxOutcome.Cancelled);

    public static OutboxResult Stale { get; } = new(OutboxOutcome.Stale);

    public static OutboxResult Stopped { get; } = new(OutboxOutcome.Stopped);

    public static OutboxResult ChatGone(Exception? error = null) => new(OutboxOutcome.ChatGone, Error: error);
}

/// <summary>A message in the outbox and the task that completes with its <see cref="OutboxResult"/>.</summary>
public sealed class OutboxTicket(Outgoing message, long sequence, Action<OutboxResult>? whenEnded = null)
{
    private readonly TaskCompletionSource<OutboxResult> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int ended;

    public Outgoing Message { get; internal set; } = message;

    /// <summary>Its place in the order of posting: within a priority, earlier goes first.</summary>
    internal long Sequence { get; } = sequence;

    internal DateTimeOffset PostedAt { get; init; }

    /// <summary>The chat whose lane holds it (the current id of the chat it was posted to).</summary>
    internal long LaneId { get; set; }

    public Task<OutboxResult> Completion => completion.Task;

    /// <summary>
    /// Ends the ticket: first its poster's <c>whenEnded</c> (so that what it records is in place before anyone sees the
    /// message leave the outbox), then its <see cref="Completion"/>.
    /// </summary>
    internal void Complete(OutboxResult result)
    {
        if (Interlocked.Exchange(ref ended, 1) == 1)
        {
            return;
        }

        whenEnded?.Invoke(result);
        completion.TrySetResult(result);
    }
}
