using Microsoft.Extensions.Options;
using TelegramAI.Bot.Configuration;

namespace TelegramAI.Bot.Reporting;

/// <summary>
/// Decides which progress reports become edits: at most one per status message every
/// <see cref="BotOptions.ProgressEditInterval"/>, and none that would not change the text (Telegram
/// answers those with 400 "message is not modified" and counts them against the flood limit).
/// Also remembers which jobs are finished, so a late or repeated result (SQS delivers at least once)
/// is dropped instead of reported twice.
/// </summary>
public sealed class ProgressThrottle(IOptions<BotOptions> options, TimeProvider time)
{
    // Bounds memory: finished jobs are only needed while their stragglers can still arrive.
    private const int MaxRemembered = 50_000;

    private readonly Lock gate = new();
    private readonly Dictionary<(long ChatId, int MessageId), (DateTimeOffset At, string Text)> lastEdits = [];
    private readonly HashSet<Guid> finished = [];
    private readonly Queue<Guid> finishedOrder = new();

    public bool IsFinished(Guid jobId)
    {
        lock (gate)
        {
            return finished.Contains(jobId);
        }
    }

    public bool ShouldEdit(long chatId, int messageId, string text)
    {
        lock (gate)
        {
            return !lastEdits.TryGetValue((chatId, messageId), out var last)
                || (last.Text != text && time.GetUtcNow() - last.At >= options.Value.ProgressEditInterval);
        }
    }

    public void Edited(long chatId, int messageId, string text)
    {
        lock (gate)
        {
            if (lastEdits.Count >= MaxRemembered)
            {
                lastEdits.Clear();
            }

            lastEdits[(chatId, messageId)] = (time.GetUtcNow(), text);
        }
    }

    public void Finished(Guid jobId, long chatId, int messageId)
    {
        lock (gate)
        {
            lastEdits.Remove((chatId, messageId));
            if (finished.Add(jobId))
            {
                finishedOrder.Enqueue(jobId);
                if (finishedOrder.Count > MaxRemembered)
                {
                    finished.Remove(finishedOrder.Dequeue());
                }
            }
        }
    }
}
