using System.Diagnostics;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using TelegramAI.Bot.Configuration;
using TelegramAI.Bot.State;
using TelegramAI.Bot.Telegram;

namespace TelegramAI.Bot.Outbound;

/// <summary>
/// Every message, edit and video the bot puts in a chat goes out through here, at a pace that stays under
/// Telegram's flood limits by itself (Bots FAQ: about 30 a second overall, one a second per chat, 20 a minute per
/// group; less <c>Telegram__FloodMargin</c>), instead of leaning on 429 answers.
/// <list type="bullet">
/// <item>One lane per chat, one call at a time in it, in order of priority, then of posting: a chat's messages never
/// overtake one another within a priority, and a job's status reply goes before its edits.</item>
/// <item>Among the lanes whose chat and group limits allow a message now, the most urgent goes first
/// (<see cref="OutboundPriority"/>: final results, then replies, then progress), under one overall pace.</item>
/// <item>Progress edits are merged (a newer one with the same key replaces the one waiting) and dropped once stale.</item>
/// </list>
/// What Telegram answers is handled as Telegram means it: a 429 holds the chat's lane for <c>retry_after</c> (after
/// Telegram.Bot's own short waits); 400 with <c>migrate_to_chat_id</c> moves the lane to the supergroup and sends
/// there; 403 or "chat not found" marks the chat gone and settles everything waiting for it; Telegram unreachable
/// holds every lane with backoff. A message's poster learns the end from its <see cref="OutboxTicket"/>.
/// </summary>
public sealed partial class TelegramOutbox : BackgroundService
{
    private readonly Lock gate = new();
    private readonly Dictionary<long, ChatLane> lanes = [];
    private readonly HashSet<ChatLane> ready = [];
    private readonly Dictionary<string, OutboxTicket> byKey = new(StringComparer.Ordinal);
    private readonly HashSet<Task> running = [];
    private readonly Pace overall;
    private readonly TelegramOptions limits;
    private readonly BotOptions settings;
    private readonly SemaphoreSlim slots;
    private readonly ITelegramBotClient telegram;
    private readonly ChatDirectory chats;
    private readonly TimeProvider time;
    private readonly ILogger<TelegramOutbox> logger;
    private TaskCompletionSource wake = NewSignal();
    private DateTimeOffset unreachableUntil;
    private int unreachableFailures;
    private long sequence;
    private int queued;
    private bool stopped;

    public TelegramOutbox(
        ITelegramBotClient telegram,
        ChatDirectory chats,
        IOptions<TelegramOptions> telegramOptions,
        IOptions<BotOptions> botOptions,
        TimeProvider time,
        ILogger<TelegramOutbox> logger)
    {
        this.telegram = telegram;
        this.chats = chats;
        this.time = time;
        this.logger = logger;
        limits = telegramOptions.Value;
        settings = botOptions.Value;
        slots = new SemaphoreSlim(settings.ReplyConcurrency, settings.ReplyConcurrency);
        var perSecond = limits.MessagesPerSecond * (1 - limits.FloodMargin);
        overall = new Pace(perSecond, CatchUpBurst(perSecond));
    }

    /// <summary>Messages waiting to be sent (not counting those in flight).</summary>
    public int Queued
    {
        get
        {
            lock (gate)
            {
                return queued;
            }
        }
    }

    /// <summary>
    /// Queues <paramref name="message"/>. One with the <see cref="Outgoing.Key"/> of a message still waiting takes its
    /// place in the queue, and the one replaced ends <see cref="OutboxOutcome.Cancelled"/>.
    /// </summary>
    /// <param name="whenEnded">
    /// Called with the result as the message ends, before it can no longer be found by its key: what it records
    /// (the status message of a job) is there for whoever looks next. It must be quick and must not post.
    /// </param>
    public OutboxTicket Post(Outgoing message, Action<OutboxResult>? whenEnded = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var now = time.GetUtcNow();
        lock (gate)
        {
            var replaced = message.Key is { } key && byKey.TryGetValue(key, out var waiting) && Dequeue(waiting) ? waiting : null;
            var ticket = new OutboxTicket(message, replaced?.Sequence ?? ++sequence, whenEnded) { PostedAt = replaced?.PostedAt ?? now };
            if (stopped)
            {
                ticket.Complete(OutboxResult.Stopped);
                return ticket;
            }

            if (replaced is not null)
            {
                replaced.Complete(OutboxResult.Cancelled);
                if (replaced.Message.Priority == OutboundPriority.Progress)
                {
                    BotTelemetry.ProgressDropped.Add(1, new KeyValuePair<string, object?>("why", "merged"));
                }
            }

            // Posted to a group that has since become a supergroup: it goes there, as when Telegram says so.
            var chatId = chats.Current(message.ChatId);
            if (chatId != message.ChatId)
            {
                if (message is OutgoingEdit)
                {
                    ticket.Complete(EditLeftBehind);
                    return ticket;
                }

                ticket.Message = MovedTo(message, chatId);
            }

            Enqueue(ticket, chatId);
            if (message.Key is { } newKey)
            {
                byKey[newKey] = ticket;
            }

            Signal();
            return ticket;
        }
    }

    /// <summary>Calls off the message with this key if it has not gone yet; its ticket ends <see cref="OutboxOutcome.Cancelled"/>.</summary>
    /// <returns>False when there is none waiting (never posted, already sent, or in flight: see <see cref="TryFind"/>).</returns>
    public bool TryCancel(string key)
    {
        lock (gate)
        {
            if (!byKey.TryGetValue(key, out var ticket) || !Dequeue(ticket))
            {
                return false;
            }

            byKey.Remove(key);
            ticket.Complete(OutboxResult.Cancelled);
            return true;
        }
    }

    /// <summary>The message with this key, waiting or in flight.</summary>
    public bool TryFind(string key, out OutboxTicket ticket)
    {
        lock (gate)
        {
            return byKey.TryGetValue(key, out ticket!);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await slots.WaitAsync(stoppingToken);
                var (lane, ticket) = await NextAsync(stoppingToken);
                var call = SendAsync(lane, ticket, stoppingToken);
                lock (gate)
                {
                    running.Add(call);
                }

                _ = call.ContinueWith(
                    done =>
                    {
                        lock (gate)
                        {
                            running.Remove(done);
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: whoever posted what is still waiting keeps it (the ledger, the results queue) for the next start.
        }
        finally
        {
            Task[] calls;
            lock (gate)
            {
                stopped = true;
                foreach (var ticket in lanes.Values.SelectMany(lane => lane.Queue).ToList())
                {
                    ticket.Complete(OutboxResult.Stopped);
                }

                lanes.Clear();
                ready.Clear();
                queued = 0;
                calls = [.. running];
            }

            await Task.WhenAll(calls).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Waits until some lane's next message may go under every limit, and takes it.</summary>
    private async Task<(ChatLane Lane, OutboxTicket Ticket)> NextAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            Task signal;
            TimeSpan wait;
            DateTimeOffset now;
            lock (gate)
            {
                now = time.GetUtcNow();
                if (Pick(now, out wait) is { } lane)
                {
                    var ticket = lane.Queue.Min!;
                    Dequeue(ticket);
                    lane.InFlight = ticket;
                    ready.Remove(lane);
                    lane.Take(now);
                    overall.Take(now);
                    BotTelemetry.OutboxWait.Record((now - ticket.PostedAt).TotalSeconds, new KeyValuePair<string, object?>("priority", ticket.Message.Priority.ToString()));
                    return (lane, ticket);
                }

                signal = wake.Task;
            }

            if (wait == Timeout.InfiniteTimeSpan)
            {
                await signal.WaitAsync(stoppingToken);
                continue;
            }

            // Woken by the clock at an instant, not after a span: a clock that moved since "now" was read still
            // wakes it on time, and one already past that instant does not put it to sleep.
            var wakeAt = now + wait;
            var delay = Task.Delay(Max(wakeAt - time.GetUtcNow(), TimeSpan.Zero), time, stoppingToken);
            if (time.GetUtcNow() < wakeAt)
            {
                await Task.WhenAny(signal, delay);
            }

            stoppingToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The lane whose next message goes now, or null and how long until one might.</summary>
    /// <remarks>Callers hold <see cref="gate"/>.</remarks>
    private ChatLane? Pick(DateTimeOffset now, out TimeSpan wait)
    {
        wait = Timeout.InfiniteTimeSpan;
        if (unreachableUntil > now)
        {
            wait = unreachableUntil - now;
            return null;
        }

        // The whole bot's pace first: while it says wait, no lane need be looked at.
        var overallWait = overall.WaitAt(now);
        if (overallWait > TimeSpan.Zero && ready.Count > 0)
        {
            wait = overallWait;
            return null;
        }

        ChatLane? best = null;
        List<ChatLane>? emptied = null;
        foreach (var lane in ready)
        {
            DropStaleProgress(lane, now);
            if (lane.Queue.Count == 0)
            {
                (emptied ??= []).Add(lane);
                continue;
            }

            var laneWait = lane.WaitAt(now);
            if (laneWait > TimeSpan.Zero)
            {
                wait = wait == Timeout.InfiniteTimeSpan ? laneWait : TimeSpan.FromTicks(Math.Min(wait.Ticks, laneWait.Ticks));
            }
            else if (best is null || TicketOrder.Instance.Compare(lane.Queue.Min, best.Queue.Min) < 0)
            {
                best = lane;
            }
        }

        foreach (var lane in emptied ?? [])
        {
            ready.Remove(lane);
        }

        if (best is null)
        {
            SweepIdleLanes(now);
        }

        return best;
    }

    private async Task SendAsync(ChatLane lane, OutboxTicket ticket, CancellationToken stoppingToken)
    {
        var message = ticket.Message;
        using var activity = BotTelemetry.Source.StartActivity($"telegram {message.Method}", ActivityKind.Client, message.Parent);
        activity?.SetTag("telegram.chat_id", lane.ChatId);
        activity?.SetTag("telegramai.priority", message.Priority.ToString());
        OutboxResult? result = null;
        try
        {
            if (chats.IsGone(lane.ChatId, out var reason))
            {
                result = OutboxResult.ChatGone(new InvalidOperationException(reason));
                return;
            }

            var sent = await CallAsync(message with { ChatId = lane.ChatId }, stoppingToken);
            result = new OutboxResult(OutboxOutcome.Sent, sent);
            BotTelemetry.MessagesSent.Add(1, new KeyValuePair<string, object?>("method", message.Method), new KeyValuePair<string, object?>("priority", message.Priority.ToString()));
            lock (gate)
            {
                unreachableFailures = 0;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            result = OutboxResult.Stopped;
        }
        catch (Exception e) when (TelegramErrors.MigratedTo(e) is { } supergroupId)
        {
            LogMigrated(lane.ChatId, supergroupId);
            chats.Migrated(lane.ChatId, supergroupId);
            if (message is OutgoingEdit)
            {
                result = EditLeftBehind;
            }

            MoveLane(lane, result is null ? ticket : null, supergroupId);
        }
        catch (Exception e) when (TelegramErrors.FloodWait(e) is { } retryAfter)
        {
            BotTelemetry.FloodWaits.Add(1);
            LogFloodWait(message.Method, lane.ChatId, retryAfter.TotalSeconds);
            Requeue(lane, ticket, holdLaneUntil: time.GetUtcNow() + retryAfter);
        }
        catch (Exception e) when (TelegramErrors.IsChatGone(e))
        {
            var why = TelegramErrors.Describe(e);
            LogChatGone(lane.ChatId, why);
            chats.Gone(lane.ChatId, why);
            result = OutboxResult.ChatGone(e);
        }
        catch (Exception e) when (TelegramErrors.IsTransient(e))
        {
            TimeSpan wait;
            lock (gate)
            {
                wait = Backoff.After(++unreachableFailures, settings.RetryDelay, settings.MaxRetryDelay);
                unreachableUntil = time.GetUtcNow() + wait;
            }

            LogUnreachable(message.Method, wait.TotalSeconds, TelegramErrors.Describe(e));
            Requeue(lane, ticket, holdLaneUntil: null);
        }
        catch (Exception e)
        {
            // Refused for good (a 400 of its own), or the video's bytes could not be read: the poster decides.
            result = new OutboxResult(OutboxOutcome.Refused, Error: e);
        }
        finally
        {
            activity?.SetTag("telegramai.outcome", result?.Outcome.ToString() ?? "requeued");
            Finish(lane, ticket, result);
            slots.Release();
        }
    }

    private async Task<Message> CallAsync(Outgoing message, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case OutgoingText text:
                return await telegram.SendMessage(
                    text.ChatId,
                    text.Text,
                    replyParameters: ReplyTo(text.ReplyToMessageId),
                    linkPreviewOptions: LinkPreviewOptions.Disabled,
                    messageThreadId: text.ThreadId,
                    cancellationToken: cancellationToken);
            case OutgoingEdit edit:
                return await telegram.EditMessageText(
                    edit.ChatId, edit.MessageId, edit.Text, linkPreviewOptions: LinkPreviewOptions.Disabled, cancellationToken: cancellationToken);
            case OutgoingVideo video:
                await using (var upload = video.File is VideoFile.Upload u ? await u.Open(cancellationToken) : null)
                {
                    InputFile file = video.File switch
                    {
                        VideoFile.ByUrl byUrl => InputFile.FromUri(byUrl.Url),
                        VideoFile.Upload named => InputFile.FromStream(upload!, named.FileName),
                        _ => throw new InvalidOperationException($"Unknown video file {video.File.GetType().Name}"),
                    };
                    return await telegram.SendVideo(
                        video.ChatId,
                        file,
                        caption: video.Caption,
                        replyParameters: ReplyTo(video.ReplyToMessageId),
                        duration: video.DurationSeconds,
                        supportsStreaming: true,
                        messageThreadId: video.ThreadId,
                        cancellationToken: cancellationToken);
                }

            default:
                throw new InvalidOperationException($"Unknown outgoing message {message.GetType().Name}");
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static ReplyParameters? ReplyTo(int? messageId) =>
        messageId is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null;

    /// <summary>Ends a call: its ticket completes (unless it was put back), the lane takes its next message.</summary>
    private void Finish(ChatLane lane, OutboxTicket ticket, OutboxResult? result)
    {
        lock (gate)
        {
            lane.InFlight = null;
            if (result is not null)
            {
                ticket.Complete(result);
                if (ticket.Message.Key is { } key && byKey.TryGetValue(key, out var current) && ReferenceEquals(current, ticket))
                {
                    byKey.Remove(key);
                }

                if (result.Outcome == OutboxOutcome.ChatGone)
                {
                    // Everything else waiting for the chat would be refused the same way.
                    foreach (var waiting in lane.Queue.ToList())
                    {
                        Dequeue(waiting);
                        waiting.Complete(OutboxResult.ChatGone(result.Error));
                    }
                }
            }

            if (lane.Queue.Count > 0)
            {
                ready.Add(lane);
            }

            Signal();
        }
    }

    /// <summary>Puts a message back at the head of its lane (its place in the order is kept), the lane held if Telegram asked.</summary>
    private void Requeue(ChatLane lane, OutboxTicket ticket, DateTimeOffset? holdLaneUntil)
    {
        lock (gate)
        {
            if (holdLaneUntil is { } until)
            {
                lane.HoldUntil(until);
            }

            lane.Queue.Add(ticket);
            queued++;
        }
    }

    /// <summary>
    /// The group became a supergroup: this message and the rest of the lane go there, no longer as replies (the
    /// messages they answered stay in the old group).
    /// </summary>
    private void MoveLane(ChatLane from, OutboxTicket? ticket, long supergroupId)
    {
        lock (gate)
        {
            var moving = new List<OutboxTicket>();
            foreach (var waiting in from.Queue.ToList())
            {
                Dequeue(waiting);
                if (waiting.Message is OutgoingEdit)
                {
                    waiting.Complete(EditLeftBehind);
                    continue;
                }

                waiting.Message = MovedTo(waiting.Message, supergroupId);
                moving.Add(waiting);
            }

            if (ticket is not null)
            {
                ticket.Message = MovedTo(ticket.Message, supergroupId);
                moving.Add(ticket);
            }

            foreach (var waiting in moving)
            {
                Enqueue(waiting, supergroupId);
            }
        }
    }

    /// <summary>An edit of a message that stayed behind in a group now a supergroup: as good as gone, for its poster to send anew.</summary>
    private static readonly OutboxResult EditLeftBehind =
        new(OutboxOutcome.Refused, Error: new ApiRequestException("Bad Request: message to edit not found", 400));

    private static Outgoing MovedTo(Outgoing message, long chatId) => message switch
    {
        OutgoingText text => text with { ChatId = chatId, ReplyToMessageId = null },
        OutgoingVideo video => video with { ChatId = chatId, ReplyToMessageId = null },
        _ => message with { ChatId = chatId },
    };

    /// <remarks>Callers hold <see cref="gate"/>.</remarks>
    private void Enqueue(OutboxTicket ticket, long chatId)
    {
        if (!lanes.TryGetValue(chatId, out var lane))
        {
            lanes[chatId] = lane = NewLane(chatId);
        }

        ticket.LaneId = chatId;
        lane.Queue.Add(ticket);
        queued++;
        if (lane.InFlight is null)
        {
            ready.Add(lane);
        }
    }

    /// <summary>Takes a waiting ticket out of its lane.</summary>
    /// <returns>False when it is not waiting (in flight, or done).</returns>
    /// <remarks>Callers hold <see cref="gate"/>.</remarks>
    private bool Dequeue(OutboxTicket ticket)
    {
        if (!lanes.TryGetValue(ticket.LaneId, out var lane))
        {
            return false;
        }

        if (!lane.Queue.Remove(ticket))
        {
            return false;
        }

        queued--;
        return true;
    }

    /// <remarks>Callers hold <see cref="gate"/>.</remarks>
    private void DropStaleProgress(ChatLane lane, DateTimeOffset now)
    {
        while (lane.Queue.Min is { Message.Priority: OutboundPriority.Progress } head && now - head.PostedAt > settings.ProgressStaleAfter)
        {
            Dequeue(head);
            if (head.Message.Key is { } key)
            {
                byKey.Remove(key);
            }

            head.Complete(OutboxResult.Stale);
            BotTelemetry.ProgressDropped.Add(1, new KeyValuePair<string, object?>("why", "stale"));
        }
    }

    /// <summary>Forgets lanes with nothing to send whose paces have run down, so that memory follows the chats in use.</summary>
    /// <remarks>Callers hold <see cref="gate"/>.</remarks>
    private void SweepIdleLanes(DateTimeOffset now)
    {
        if (lanes.Count < 1_000)
        {
            return;
        }

        foreach (var idle in lanes.Values.Where(lane => lane.Queue.Count == 0 && lane.InFlight is null && lane.IsIdleAt(now)).ToList())
        {
            lanes.Remove(idle.ChatId);
        }
    }

    private ChatLane NewLane(long chatId)
    {
        var keep = 1 - limits.FloodMargin;

        // Negative chat ids are groups, supergroups and channels: Telegram's per-group limit applies on top.
        var groupPerSecond = limits.GroupMessagesPerMinute * keep / 60;
        return new ChatLane(
            chatId,
            new Pace(limits.ChatMessagesPerSecond * keep, 1),
            chatId < 0 ? new Pace(groupPerSecond, CatchUpBurst(groupPerSecond * 60)) : null);
    }

    /// <summary>A third of a period's allowance: enough to catch up after a late wake-up, well inside Telegram's own bursts.</summary>
    private static int CatchUpBurst(double perPeriod) => Math.Max(1, (int)(perPeriod / 3));

    /// <remarks>Callers hold <see cref="gate"/>.</remarks>
    private void Signal()
    {
        var previous = wake;
        wake = NewSignal();
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Dispose()
    {
        slots.Dispose();
        base.Dispose();
    }

    /// <summary>One chat's queue, its pace, and its group's.</summary>
    private sealed class ChatLane(long chatId, Pace chatPace, Pace? groupPace)
    {
        public long ChatId { get; } = chatId;

        public SortedSet<OutboxTicket> Queue { get; } = new(TicketOrder.Instance);

        public OutboxTicket? InFlight { get; set; }

        public TimeSpan WaitAt(DateTimeOffset now)
        {
            var wait = chatPace.WaitAt(now);
            return groupPace is null ? wait : TimeSpan.FromTicks(Math.Max(wait.Ticks, groupPace.WaitAt(now).Ticks));
        }

        public void Take(DateTimeOffset now)
        {
            chatPace.Take(now);
            groupPace?.Take(now);
        }

        public void HoldUntil(DateTimeOffset until)
        {
            chatPace.HoldUntil(until);
            groupPace?.HoldUntil(until);
        }

        public bool IsIdleAt(DateTimeOffset now) => chatPace.IsIdleAt(now) && (groupPace?.IsIdleAt(now) ?? true);
    }

    /// <summary>Most urgent first, then first posted.</summary>
    private sealed class TicketOrder : IComparer<OutboxTicket>
    {
        public static readonly TicketOrder Instance = new();

        public int Compare(OutboxTicket? x, OutboxTicket? y) =>
            x is null || y is null ? Comparer<object>.Default.Compare(x, y)
            : x.Message.Priority != y.Message.Priority ? x.Message.Priority.CompareTo(y.Message.Priority)
            : x.Sequence.CompareTo(y.Sequence);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram asked to wait {WaitSeconds:0.#} s before {Method} to chat {ChatId} (429); the chat waits")]
    private partial void LogFloodWait(string method, long chatId, double waitSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Group {ChatId} became supergroup {SupergroupId}; its messages go there")]
    private partial void LogMigrated(long chatId, long supergroupId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat {ChatId} can no longer be written to; its messages and jobs are settled: {Reason}")]
    private partial void LogChatGone(long chatId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram unavailable for {Method}; every chat waits {WaitSeconds:0.#} s: {Reason}")]
    private partial void LogUnreachable(string method, double waitSeconds, string reason);
}
