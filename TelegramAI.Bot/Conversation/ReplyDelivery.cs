using System.Diagnostics;
using TelegramAI.Bot.Outbound;
using TelegramAI.Bot.State;

namespace TelegramAI.Bot.Conversation;

/// <summary>
/// Sends the replies an update is owed, as the <see cref="UpdateLedger"/> holds them, through the
/// <see cref="TelegramOutbox"/> at the pace Telegram allows, and records each one's end in the ledger: its message
/// (for a status reply, the message its job's results edit), or that it is not to be sent (the chat is gone, or the
/// job's final result came first and took its place). A reply still waiting when the bot stops is sent after the
/// next start. A job whose queuing failed gets "Something went wrong" in place of its status reply.
/// </summary>
public sealed partial class ReplyDelivery(TelegramOutbox outbox, BotStateStore state, ILogger<ReplyDelivery> logger)
{
    private readonly Lock gate = new();
    private readonly HashSet<(string Key, int Index)> posted = [];

    /// <summary>Posts the entry's replies that are neither done with nor already on their way.</summary>
    public void Deliver(LedgerEntry entry, ActivityContext parent)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var update = entry.Update;
        for (var index = 0; index < update.Replies.Length; index++)
        {
            lock (gate)
            {
                if (entry.Ended[index] || !posted.Add((update.Key, index)))
                {
                    continue;
                }
            }

            var reply = update.Replies[index];
            var text = reply.JobId is { } failedJob && entry.Failed.Contains(failedJob) ? BotReplies.SomethingWentWrong : reply.Text;
            var key = update.Key;
            var place = index;
            outbox.Post(
                new OutgoingText(reply.ChatId, text, OutboundPriority.Reply, reply.ReplyTo, reply.ThreadId)
                {
                    Key = reply.JobId is { } jobId ? OutboxKeys.Status(jobId) : null,
                    Parent = parent,
                },
                result => Record(key, place, result));
        }
    }

    /// <summary>Records how the reply ended, as it ends: a job's result looking for its status message finds it.</summary>
    private void Record(string key, int index, OutboxResult result)
    {
        try
        {
            switch (result.Outcome)
            {
                case OutboxOutcome.Sent:
                    state.Updates.ReplyEnded(key, index, result.Message!.Id, result.Message.Chat.Id);
                    break;
                case OutboxOutcome.Stopped:
                    // Still owed: the ledger has it for the next start.
                    break;
                default:
                    if (result.Error is not null)
                    {
                        LogNotSent(key, result.Outcome, TelegramErrors.Describe(result.Error));
                    }

                    state.Updates.ReplyEnded(key, index, null);
                    break;
            }
        }
        finally
        {
            lock (gate)
            {
                posted.Remove((key, index));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A reply for {UpdateKey} was not sent ({Outcome}): {Reason}")]
    private partial void LogNotSent(string updateKey, OutboxOutcome outcome, string reason);
}
