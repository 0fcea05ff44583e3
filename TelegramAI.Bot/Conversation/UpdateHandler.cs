using System.Diagnostics;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using TelegramAI.Bot.Configuration;
using TelegramAI.Bot.Queues;
using TelegramAI.Bot.State;
using TelegramAI.Bot.Telegram;
using TelegramAI.Contracts.Jobs;

namespace TelegramAI.Bot.Conversation;

/// <summary>
/// Turns a batch of updates (up to 100 from one getUpdates, or one from the webhook) into jobs and the replies the
/// bot owes, without waiting on Telegram's send rate. When it returns, every update is settled: its jobs are on the
/// queue (or their users will be told they could not be) and its replies are in the <see cref="UpdateLedger"/>, so
/// the caller may confirm the updates to Telegram.
/// <list type="number">
/// <item>Each update gets a deliberate answer by its kind, one small method per kind: a message or an edit is
/// triaged (<see cref="MessageTriage"/>), a change of the bot's membership is noted (and a group that adds the bot is
/// greeted), a service message that moves a group is followed; channel posts and other kinds are not requests.</item>
/// <item>What was decided is recorded in the ledger before anything is done.</item>
/// <item>The jobs go out with SendMessageBatch, <c>Bot__EnqueueConcurrency</c> calls at once, each job with its
/// update's trace context.</item>
/// <item>The replies are handed to the <see cref="ReplyDelivery"/>, which sends them at Telegram's pace.</item>
/// </list>
/// An update seen before (a restart, a webhook retry) is recognised by its <see cref="UpdateKey"/> and only finished.
/// </summary>
public sealed partial class UpdateHandler(
    BotQueues queues,
    MessageTriage triage,
    ChatRateLimiter rateLimiter,
    BotStateStore state,
    BotIdentity identity,
    ReplyDelivery replies,
    IOptions<BotOptions> options,
    TimeProvider time,
    ILogger<UpdateHandler> logger)
{
    /// <summary>SQS takes at most ten messages in one SendMessageBatch.</summary>
    private const int BatchSize = 10;

    private readonly HashSet<string> enqueuing = new(StringComparer.Ordinal);

    public async Task HandleAsync(IReadOnlyList<Update> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);

        // Who the bot is tells a group's commands and mentions for it from others'. Unknown yet (Telegram
        // unreachable at start): thrown, and the batch comes again.
        var me = await identity.GetAsync(cancellationToken);
        var outer = Activity.Current;
        var traces = new Dictionary<string, Activity?>(StringComparer.Ordinal);
        try
        {
            var decided = new List<UpdateRecorded>();
            var unfinished = new List<LedgerEntry>();
            var startedHere = new HashSet<Guid>();
            foreach (var update in updates)
            {
                if (UpdateKey.Of(update) is not { } key)
                {
                    LogNotServed(update.Id, update.Type);
                    continue;
                }

                if (state.Updates.TryGet(key, out var seen))
                {
                    // Delivered again: what was decided stands; finish what is left of it.
                    unfinished.Add(seen);
                    continue;
                }

                if (traces.ContainsKey(key))
                {
                    continue;
                }

                // Each update is its own span under the caller's (the webhook request), not under the previous update's.
                Activity.Current = outer;
                var trace = StartTrace(update, key);
                traces[key] = trace;
                try
                {
                    if (Decide(update, key, me, startedHere) is { } record)
                    {
                        decided.Add(record);
                        startedHere.UnionWith(record.Jobs.Select(job => job.JobId));
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Not Telegram's doing: delivering it again would fail the same way and hold up every later update.
                    LogUpdateFailed(update.Id, e);
                }
            }

            Activity.Current = outer;
            var recorded = state.Updates.Record(decided);
            var toFinish = recorded.Concat(unfinished.Where(entry => !entry.Enqueued)).ToList();
            await EnqueueAsync(toFinish, traces, cancellationToken);
            foreach (var entry in recorded.Concat(unfinished))
            {
                replies.Deliver(entry, traces.GetValueOrDefault(entry.Update.Key)?.Context ?? default);
            }
        }
        finally
        {
            foreach (var trace in traces.Values)
            {
                trace?.Dispose();
            }

            Activity.Current = outer;
        }
    }

    /// <summary>Finishes what the ledger holds from before a restart: jobs not yet queued, replies not yet sent.</summary>
    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        var unfinished = state.Updates.Unfinished();
        if (unfinished.Count == 0)
        {
            return;
        }

        LogResuming(unfinished.Count);
        await EnqueueAsync([.. unfinished.Where(entry => !entry.Enqueued)], new Dictionary<string, Activity?>(), cancellationToken);
        foreach (var entry in unfinished)
        {
            replies.Deliver(entry, default);
        }
    }

    /// <summary>One small method per kind of update.</summary>
    /// <returns>What to record, or null when the update asks nothing of the bot.</returns>
    /// <param name="startedHere">Jobs decided earlier in the same batch, not yet in the <see cref="JobBook"/>.</param>
    private UpdateRecorded? Decide(Update update, string key, User me, IReadOnlySet<Guid> startedHere) => update switch
    {
        { Message: { } message } => AnswerMessage(update.Id, key, message, me, isEdit: false, startedHere),
        { EditedMessage: { } edited } => AnswerMessage(update.Id, key, edited, me, isEdit: true, startedHere),
        { MyChatMember: { } membership } => AnswerMembership(update.Id, key, membership),
        _ => null,
    };

    private UpdateRecorded? AnswerMessage(int updateId, string key, Message message, User me, bool isEdit, IReadOnlySet<Guid> startedHere)
    {
        // A group that became a supergroup says so in both: from now on its messages go to the supergroup.
        if (message.MigrateToChatId is { } to)
        {
            state.Chats.Migrated(message.Chat.Id, to);
            return null;
        }

        if (message.MigrateFromChatId is { } from)
        {
            state.Chats.Migrated(from, message.Chat.Id);
            return null;
        }

        var decision = triage.Decide(message, me);
        if (decision.IsIgnored)
        {
            return null;
        }

        // Someone in the chat wrote to the bot: whatever blocked it before is over.
        var chatId = message.Chat.Id;
        state.Chats.Back(chatId);
        var jobs = decision.Jobs.Select(request => (Request: request, JobId: JobIds.For(state.Key, chatId, message.Id, request.Place, request.Request))).ToList();
        if (isEdit)
        {
            // An edit asks only for what the message did not ask before: a link fixed or added.
            jobs.RemoveAll(job => startedHere.Contains(job.JobId) || state.Jobs.Contains(job.JobId));
            if (jobs.Count == 0)
            {
                return null;
            }
        }

        var answers = decision.Answers.ToList();
        if (jobs.Count > 0 && !rateLimiter.TryAcquire(chatId, jobs.Count, out var retryAfter))
        {
            answers.Add(BotReplies.RateLimited(retryAfter));
            jobs.Clear();
        }

        // Replies go to the topic the user wrote in, as replies to their message.
        var thread = message.IsTopicMessage ? message.MessageThreadId : null;
        var now = time.GetUtcNow();
        PendingReply[] owed =
        [
            .. answers.Select(text => new PendingReply(chatId, text, message.Id, thread)),
            .. jobs.Select(job => new PendingReply(chatId, job.Request.StatusText, message.Id, thread, job.JobId)),
        ];
        JobMessage[] started =
        [
            .. jobs.Select(job => new JobMessage
            {
                JobId = job.JobId,
                ChatId = chatId,
                UserId = message.From is { IsBot: false } person ? person.Id : message.SenderChat?.Id ?? chatId,
                Kind = job.Request.Kind,
                Request = job.Request.Request,
                RequestedAt = now,
            }),
        ];
        LogAnswered(updateId, chatId, answers.Count, started.Length);
        return new UpdateRecorded(now, key, updateId, owed, started);
    }

    /// <summary>
    /// The bot's own membership changed. In a private chat, "kicked" is the user blocking the bot, and it is not
    /// written to until unblocked. A group that adds the bot gets a short word on how to use it there; one that
    /// removes it is not written to again. Channels are not served.
    /// </summary>
    private UpdateRecorded? AnswerMembership(int updateId, string key, ChatMemberUpdated membership)
    {
        var chat = membership.Chat;
        var isIn = membership.NewChatMember.Status is ChatMemberStatus.Member or ChatMemberStatus.Administrator or ChatMemberStatus.Creator or ChatMemberStatus.Restricted;
        var wasIn = membership.OldChatMember.Status is ChatMemberStatus.Member or ChatMemberStatus.Administrator or ChatMemberStatus.Creator or ChatMemberStatus.Restricted;
        LogMembership(chat.Id, chat.Type, membership.OldChatMember.Status, membership.NewChatMember.Status);
        if (!isIn)
        {
            state.Chats.Gone(chat.Id, chat.Type == ChatType.Private ? "the user blocked the bot" : "the bot was removed from the chat");
            return null;
        }

        state.Chats.Back(chat.Id);
        if (wasIn || chat.Type is not (ChatType.Group or ChatType.Supergroup))
        {
            return null;
        }

        var allowed = options.Value.AllowedChatIds is not { Length: > 0 } list || list.Contains(chat.Id);
        var hello = new PendingReply(chat.Id, allowed ? BotReplies.GroupHello : BotReplies.NotAllowed, null, null);
        return new UpdateRecorded(time.GetUtcNow(), key, updateId, [hello], []);
    }

    /// <summary>
    /// Sends the entries' jobs in SendMessageBatch calls of ten, a few at once, repeating what failed up to
    /// <see cref="BotOptions.EnqueueAttempts"/> times; a job that still cannot be sent is given up on, and its status
    /// reply says something went wrong. Either way each entry ends enqueued.
    /// </summary>
    private async Task EnqueueAsync(IReadOnlyList<LedgerEntry> candidates, Dictionary<string, Activity?> traces, CancellationToken cancellationToken)
    {
        // An entry is queued by one caller at a time: a redelivery can meet the start's resumption of the same update.
        List<LedgerEntry> entries;
        lock (enqueuing)
        {
            entries = [.. candidates.Where(entry => !entry.Enqueued && enqueuing.Add(entry.Update.Key))];
        }

        try
        {
            await EnqueueEntriesAsync(entries, traces, cancellationToken);
        }
        finally
        {
            lock (enqueuing)
            {
                enqueuing.ExceptWith(entries.Select(entry => entry.Update.Key));
            }
        }
    }

    private async Task EnqueueEntriesAsync(IReadOnlyList<LedgerEntry> entries, Dictionary<string, Activity?> traces, CancellationToken cancellationToken)
    {
        var jobs = entries
            .SelectMany(entry => entry.Update.Jobs.Select(job => (Key: entry.Update.Key, Job: job, Trace: traces.GetValueOrDefault(entry.Update.Key))))
            .ToList();
        var failed = new HashSet<Guid>();
        await Parallel.ForEachAsync(
            jobs.Chunk(BatchSize),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.EnqueueConcurrency, CancellationToken = cancellationToken },
            async (chunk, token) =>
            {
                var given = await SendWithRetriesAsync(chunk.Select(job => (job.Job, job.Trace)).ToList(), token);
                lock (failed)
                {
                    failed.UnionWith(given);
                }
            });

        foreach (var entry in entries)
        {
            state.Updates.Enqueued(entry.Update.Key, [.. entry.Update.Jobs.Select(job => job.JobId).Where(failed.Contains)]);
        }
    }

    /// <returns>The jobs given up on.</returns>
    private async Task<IReadOnlyList<Guid>> SendWithRetriesAsync(IReadOnlyList<(JobMessage Job, Activity? Trace)> pending, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var failed = new List<(JobMessage Job, Activity? Trace)>();
            try
            {
                var outcomes = await queues.Jobs.SendBatchAsync(pending, cancellationToken);
                failed.AddRange(pending.Where((_, i) => !outcomes[i].Sent));
                foreach (var refused in outcomes.Where(o => !o.Sent))
                {
                    LogEnqueueFailed(attempt, refused.Error ?? "refused");
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogEnqueueFailed(attempt, e.Message);
                failed.AddRange(pending);
            }

            if (failed.Count == 0)
            {
                return [];
            }

            if (attempt >= options.Value.EnqueueAttempts)
            {
                return [.. failed.Select(f => f.Job.JobId)];
            }

            pending = failed;
            await Task.Delay(Backoff.After(attempt, options.Value.RetryDelay, options.Value.MaxRetryDelay), time, cancellationToken);
        }
    }

    private static Activity? StartTrace(Update update, string key)
    {
        var activity = BotTelemetry.Source.StartActivity("telegram update", ActivityKind.Consumer);
        activity?.SetTag("telegram.update_id", update.Id);
        activity?.SetTag("telegram.update_type", update.Type.ToString());
        activity?.SetTag("telegramai.update_key", key);
        return activity;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Update {UpdateId} from chat {ChatId}: {Answers} answers, {Jobs} jobs")]
    private partial void LogAnswered(int updateId, long chatId, int answers, int jobs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Update {UpdateId} is a {Type}, which asks nothing of the bot")]
    private partial void LogNotServed(int updateId, UpdateType type);

    [LoggerMessage(Level = LogLevel.Information, Message = "The bot's membership in {ChatType} {ChatId} went from {Old} to {New}")]
    private partial void LogMembership(long chatId, ChatType chatType, ChatMemberStatus old, ChatMemberStatus @new);

    [LoggerMessage(Level = LogLevel.Error, Message = "Update {UpdateId} could not be handled and is skipped")]
    private partial void LogUpdateFailed(int updateId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending jobs failed (attempt {Attempt}): {Reason}")]
    private partial void LogEnqueueFailed(int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming {Count} updates left unfinished by the last run")]
    private partial void LogResuming(int count);
}
