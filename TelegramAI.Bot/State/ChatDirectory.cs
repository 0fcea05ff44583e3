namespace TelegramAI.Bot.State;

/// <summary>
/// What the bot knows about chats beyond their messages: the ones it may no longer write to (Telegram answered 403 or
/// "chat not found": the user blocked the bot or deleted their account, the bot was removed from the group) and the
/// groups that became supergroups. Writes to a gone chat are not attempted and its jobs are settled without a word,
/// until the chat writes again. Kept in the <see cref="StateJournal"/>.
/// </summary>
public sealed class ChatDirectory
{
    // Bounds the chain followed: a group migrates once, but a record must never loop.
    private const int MaxMigrationHops = 4;

    private readonly Lock gate = new();
    private readonly Dictionary<long, string> gone = [];
    private readonly Dictionary<long, long> migrated = [];
    private readonly StateJournal journal;
    private readonly TimeProvider time;

    internal ChatDirectory(StateJournal journal, TimeProvider time)
    {
        this.journal = journal;
        this.time = time;
    }

    /// <summary>The chat's id now: a group that became a supergroup is the supergroup.</summary>
    public long Current(long chatId)
    {
        lock (gate)
        {
            for (var hop = 0; hop < MaxMigrationHops && migrated.TryGetValue(chatId, out var to); hop++)
            {
                chatId = to;
            }

            return chatId;
        }
    }

    /// <summary>Whether the bot may no longer write to the chat, and Telegram's reason.</summary>
    public bool IsGone(long chatId, out string reason)
    {
        lock (gate)
        {
            return gone.TryGetValue(chatId, out reason!);
        }
    }

    public void Gone(long chatId, string reason)
    {
        lock (gate)
        {
            if (gone.TryGetValue(chatId, out var known) && known == reason)
            {
                return;
            }
        }

        journal.Append(new ChatGone(time.GetUtcNow(), chatId, reason));
    }

    /// <summary>The chat wrote again, or the bot was added back: it may be written to.</summary>
    public void Back(long chatId)
    {
        lock (gate)
        {
            if (!gone.ContainsKey(chatId))
            {
                return;
            }
        }

        journal.Append(new ChatBack(time.GetUtcNow(), chatId));
    }

    public void Migrated(long from, long to)
    {
        lock (gate)
        {
            if (from == to || migrated.TryGetValue(from, out var known) && known == to)
            {
                return;
            }
        }

        journal.Append(new ChatMigrated(time.GetUtcNow(), from, to));
    }

    internal void Apply(StateRecord record)
    {
        lock (gate)
        {
            switch (record)
            {
                case ChatGone g:
                    gone[g.ChatId] = g.Reason;
                    break;
                case ChatBack b:
                    gone.Remove(b.ChatId);
                    break;
                case ChatMigrated m:
                    migrated[m.From] = m.To;
                    break;
            }
        }
    }

    internal IEnumerable<StateRecord> Snapshot(DateTimeOffset now)
    {
        lock (gate)
        {
            return
            [
                .. gone.Select(g => (StateRecord)new ChatGone(now, g.Key, g.Value)),
                .. migrated.Select(m => (StateRecord)new ChatMigrated(now, m.Key, m.Value)),
            ];
        }
    }
}
