namespace TelegramAI.Bot.State;

/// <summary>
/// What the bot decided for each update it has not finished with, kept in the <see cref="StateJournal"/>: the
/// replies it owes (answers and status replies) and the jobs to queue. An update is recorded before any of that is
/// done, so that the bot can tell Telegram the update is handled as soon as its jobs are on the queue, and send the
/// replies at the pace Telegram allows; after a restart it resumes what is left. An update Telegram delivers again
/// (a restart before confirming it, a webhook retry) is recognised by its key, from what Telegram never reuses,
/// and not answered twice.
/// <para>
/// An entry is forgotten once its jobs are queued, its replies are done with and Telegram was told the update is
/// done (the next getUpdates offset); webhook deliveries, never confirmed, after <see cref="KeepConfirmedFor"/>.
/// </para>
/// </summary>
public sealed class UpdateLedger
{
    /// <summary>How long a finished entry is kept for an update no getUpdates offset confirms (webhook mode).</summary>
    public static readonly TimeSpan KeepConfirmedFor = TimeSpan.FromDays(1);

    private readonly Lock gate = new();
    private readonly Dictionary<string, LedgerEntry> entries = new(StringComparer.Ordinal);
    private readonly StateJournal journal;
    private readonly TimeProvider time;
    private DateTimeOffset nextSweep;

    internal UpdateLedger(StateJournal journal, TimeProvider time)
    {
        this.journal = journal;
        this.time = time;
    }

    /// <summary>The entry for an update seen before, if the ledger still holds it.</summary>
    public bool TryGet(string key, out LedgerEntry entry)
    {
        lock (gate)
        {
            return entries.TryGetValue(key, out entry!);
        }
    }

    /// <summary>Records what was decided for new updates, in one write.</summary>
    public IReadOnlyList<LedgerEntry> Record(IReadOnlyList<UpdateRecorded> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        journal.Append([.. updates]);
        lock (gate)
        {
            return [.. updates.Select(update => entries.GetValueOrDefault(update.Key)).OfType<LedgerEntry>()];
        }
    }

    /// <summary>The update's jobs are on the queue, but for <paramref name="failed"/>, whose users are told.</summary>
    public void Enqueued(string key, IReadOnlyCollection<Guid> failed)
    {
        journal.Append(new JobsEnqueued(time.GetUtcNow(), key, [.. failed]));
    }

    /// <summary>Reply <paramref name="index"/> of the update was sent as <paramref name="messageId"/> in <paramref name="chatId"/>, or will not be (null).</summary>
    public void ReplyEnded(string key, int index, int? messageId, long? chatId = null)
    {
        ReplyEnded record;
        lock (gate)
        {
            if (!entries.TryGetValue(key, out var entry) || entry.Ended[index])
            {
                return;
            }

            record = new ReplyEnded(time.GetUtcNow(), key, index, messageId, entry.Update.Replies[index].JobId, chatId);
        }

        journal.Append(record);
    }

    /// <summary>Telegram was told that every update below <paramref name="offset"/> is done: it never sends them again.</summary>
    public void ConfirmBelow(int offset)
    {
        UpdatesConfirmed record;
        lock (gate)
        {
            var keys = entries.Values.Where(e => !e.Confirmed && e.Update.UpdateId < offset).Select(e => e.Update.Key).ToArray();
            if (keys.Length == 0)
            {
                return;
            }

            record = new UpdatesConfirmed(time.GetUtcNow(), keys);
        }

        journal.Append(record);
    }

    /// <summary>Entries whose jobs are not yet queued or whose replies are not yet done with, oldest first: what a restart resumes.</summary>
    public IReadOnlyList<LedgerEntry> Unfinished()
    {
        lock (gate)
        {
            return [.. entries.Values.Where(e => !e.Enqueued || e.Ended.Contains(false)).OrderBy(e => e.Update.At)];
        }
    }

    internal void Apply(StateRecord record)
    {
        lock (gate)
        {
            ApplyLocked(record);
        }
    }

    internal IEnumerable<StateRecord> Snapshot(DateTimeOffset now)
    {
        lock (gate)
        {
            var kept = new List<StateRecord>();
            foreach (var entry in entries.Values.OrderBy(e => e.Update.At))
            {
                kept.Add(entry.Update);
                if (entry.Enqueued)
                {
                    kept.Add(new JobsEnqueued(now, entry.Update.Key, [.. entry.Failed]));
                }

                for (var i = 0; i < entry.Ended.Length; i++)
                {
                    if (entry.Ended[i])
                    {
                        kept.Add(new ReplyEnded(now, entry.Update.Key, i, entry.SentMessageIds[i], entry.Update.Replies[i].JobId, entry.SentChatIds[i]));
                    }
                }

                if (entry.Confirmed)
                {
                    kept.Add(new UpdatesConfirmed(now, [entry.Update.Key]));
                }
            }

            return kept;
        }
    }

    /// <remarks>Callers hold <see cref="gate"/>.</remarks>
    private void ApplyLocked(StateRecord record)
    {
        switch (record)
        {
            case UpdateRecorded update:
                entries[update.Key] = new LedgerEntry(update);
                break;
            case JobsEnqueued enqueued when entries.TryGetValue(enqueued.Key, out var entry):
                entry.Enqueued = true;
                entry.Failed.UnionWith(enqueued.Failed);
                ForgetIfDone(entry, enqueued.At);
                break;
            case ReplyEnded ended when entries.TryGetValue(ended.Key, out var entry) && ended.Index < entry.Ended.Length:
                entry.Ended[ended.Index] = true;
                entry.SentMessageIds[ended.Index] = ended.MessageId;
                entry.SentChatIds[ended.Index] = ended.ChatId;
                ForgetIfDone(entry, ended.At);
                break;
            case UpdatesConfirmed confirmed:
                foreach (var key in confirmed.Keys)
                {
                    if (entries.TryGetValue(key, out var entry))
                    {
                        entry.Confirmed = true;
                        ForgetIfDone(entry, confirmed.At);
                    }
                }

                break;
        }
    }

    /// <remarks>Callers hold <see cref="gate"/>.</remarks>
    private void ForgetIfDone(LedgerEntry entry, DateTimeOffset now)
    {
        if (entry.Enqueued && !entry.Ended.Contains(false) && (entry.Confirmed || entry.Update.At < now - KeepConfirmedFor))
        {
            entries.Remove(entry.Update.Key);
        }

        // Webhook deliveries are never confirmed: their finished entries age out as others come and go.
        if (now < nextSweep)
        {
            return;
        }

        nextSweep = now + TimeSpan.FromMinutes(1);
        foreach (var stale in entries.Values.Where(e => e.Enqueued && !e.Ended.Contains(false) && e.Update.At < now - KeepConfirmedFor).ToList())
        {
            entries.Remove(stale.Update.Key);
        }
    }
}

/// <summary>An update in the <see cref="UpdateLedger"/> and how far the bot got with it.</summary>
public sealed class LedgerEntry(UpdateRecorded update)
{
    public UpdateRecorded Update { get; } = update;

    /// <summary>Its jobs were sent to the queue (or given up on: <see cref="Failed"/>).</summary>
    public bool Enqueued { get; internal set; }

    /// <summary>Jobs that could not be queued; their status replies say something went wrong.</summary>
    public HashSet<Guid> Failed { get; } = [];

    /// <summary>Per reply: done with (sent, or not to be sent).</summary>
    public bool[] Ended { get; } = new bool[update.Replies.Length];

    /// <summary>Per reply: the message Telegram made of it.</summary>
    public int?[] SentMessageIds { get; } = new int?[update.Replies.Length];

    /// <summary>Per reply: the chat it went to (a supergroup, if its group moved before it went).</summary>
    public long?[] SentChatIds { get; } = new long?[update.Replies.Length];

    public bool Confirmed { get; internal set; }
}
