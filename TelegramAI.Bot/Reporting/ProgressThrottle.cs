using Microsoft.Extensions.Options;
using TelegramAI.Bot.Configuration;

namespace TelegramAI.Bot.Reporting;

/// <summary>
/// Decides which progress reports become edits: at most one per status message every
/// <see cref="BotOptions.ProgressEditInterval"/>, and none that would not change the text (Telegram answers those
/// with 400 "message is not modified" and counts them against the flood limit).
/// </summary>
public sealed class ProgressThrottle(IOptions<BotOptions> options, TimeProvider time)
{
    // Bounds memory: one entry per status message being edited.
    private const int MaxRemembered = 50_000;

    private readonly Lock gate = new();
    private readonly Dictionary<(long ChatId, int MessageId), (DateTimeOffset At, string Text)> lastEdits = [];

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

    /// <summary>The status message has its final word: no more progress for it.</summary>
    public void Forget(long chatId, int messageId)
    {
        lock (gate)
        {
            lastEdits.Remove((chatId, messageId));
        }
    }
}
