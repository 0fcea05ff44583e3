namespace TelegramAI.Bot.State;

/// <summary>
/// Every job the bot started, by id: its chat, the user's message that asked for it, its status message once Telegram
/// took it, and whether its final result was given. The worker reports by job id alone; this is how the bot finds
/// the message to edit, and how a repeated or late result (SQS delivers at least once) is recognised and dropped.
/// Kept in the <see cref="StateJournal"/> for <see cref="KeepFor"/>, longer than a job can wait on its queues.
/// </summary>
public sealed class JobBook
{
    /// <summary>Four days of SQS retention on each queue, with room to spare.</summary>
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(10);

    // Bounds memory and the file whatever the traffic; the oldest go first.
    private const int MaxRemembered = 200_000;

    private readonly Lock gate = new();
    private readonly Dictionary<Guid, JobRecord> jobs = [];
    private readonly StateJournal journal;
    private readonly TimeProvider time;

    internal JobBook(StateJournal journal, TimeProvider time)
    {
        this.journal = journal;
        this.time = time;
    }

    public JobRecord? Find(Guid jobId)
    {
        lock (gate)
        {
            return jobs.GetValueOrDefault(jobId);
        }
    }

    public bool Contains(Guid jobId)
    {
        lock (gate)
        {
            return jobs.ContainsKey(jobId);
        }
    }

    /// <summary>The user has the job's final result: anything reported about it later is dropped.</summary>
    public void Finished(Guid jobId)
    {
        lock (gate)
        {
            if (jobs.TryGetValue(jobId, out var job) && job.Finished)
            {
                return;
            }
        }

        journal.Append(new JobFinished(time.GetUtcNow(), jobId));
    }

    /// <summary>
    /// Whether the user has the job's final result. A job the bot has no record of (a version 1 job, or state lost)
    /// counts once <see cref="Finished"/> was called for it.
    /// </summary>
    public bool IsFinished(Guid jobId)
    {
        lock (gate)
        {
            return jobs.TryGetValue(jobId, out var job) && job.Finished;
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
            Prune(now);
            return [.. jobs.Values.OrderBy(job => job.At).Select(job => new JobKnown(job.At, job))];
        }
    }

    /// <remarks>Callers hold <see cref="gate"/>.</remarks>
    private void ApplyLocked(StateRecord record)
    {
        switch (record)
        {
            case UpdateRecorded update:
                foreach (var reply in update.Replies)
                {
                    if (reply.JobId is { } jobId && !jobs.ContainsKey(jobId))
                    {
                        jobs[jobId] = new JobRecord(jobId, reply.ChatId, reply.ReplyTo, reply.ThreadId, null, false, update.At);
                    }
                }

                if (jobs.Count > MaxRemembered)
                {
                    Prune(update.At);
                }

                break;
            case ReplyEnded { JobId: { } jobId, MessageId: { } messageId } ended when jobs.TryGetValue(jobId, out var job):
                jobs[jobId] = job with { StatusMessageId = messageId, StatusChatId = ended.ChatId ?? job.ChatId };
                break;
            case JobFinished finished:
                jobs[finished.JobId] = jobs.TryGetValue(finished.JobId, out var started)
                    ? started with { Finished = true }
                    : new JobRecord(finished.JobId, 0, null, null, null, true, finished.At);
                break;
            case JobKnown known:
                jobs[known.Job.JobId] = known.Job;
                break;
        }
    }

    /// <remarks>Callers hold <see cref="gate"/>.</remarks>
    private void Prune(DateTimeOffset now)
    {
        foreach (var old in jobs.Values.Where(job => job.At < now - KeepFor).Select(job => job.JobId).ToList())
        {
            jobs.Remove(old);
        }

        if (jobs.Count > MaxRemembered)
        {
            foreach (var oldest in jobs.Values.OrderBy(job => job.At).Take(jobs.Count - MaxRemembered).Select(job => job.JobId).ToList())
            {
                jobs.Remove(oldest);
            }
        }
    }
}
