using Microsoft.Extensions.Options;
using TelegramAI.Bot.Configuration;

namespace TelegramAI.Bot.Conversation;

/// <summary>
/// At most <see cref="BotOptions.RateLimit"/> jobs per chat in any <see cref="BotOptions.RateLimitWindow"/>
/// (a sliding window), so one chat cannot fill the queue. Time comes from <see cref="TimeProvider"/>.
/// In memory: a restart forgets the counts, which only ever lets a user in early.
/// </summary>
public sealed class ChatRateLimiter(IOptions<BotOptions> options, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly Dictionary<long, Queue<DateTimeOffset>> started = [];
    private DateTimeOffset nextSweep = DateTimeOffset.MinValue;

    /// <summary>Takes <paramref name="jobs"/> from the chat's allowance, all or none.</summary>
    /// <param name="retryAfter">When refused, how long until the whole request would fit.</param>
    public bool TryAcquire(long chatId, int jobs, out TimeSpan retryAfter)
    {
        var limit = options.Value.RateLimit;
        var window = options.Value.RateLimitWindow;
        var now = time.GetUtcNow();
        retryAfter = TimeSpan.Zero;
        lock (gate)
        {
            SweepIdleChats(now, window);
            if (!started.TryGetValue(chatId, out var times))
            {
                started[chatId] = times = new Queue<DateTimeOffset>();
            }

            while (times.TryPeek(out var oldest) && oldest + window <= now)
            {
                times.Dequeue();
            }

            if (jobs > limit)
            {
                retryAfter = window;
                return false;
            }

            if (times.Count + jobs > limit)
            {
                // The request fits once enough of the oldest jobs have left the window.
                retryAfter = times.ElementAt(times.Count + jobs - limit - 1) + window - now;
                return false;
            }

            for (var i = 0; i < jobs; i++)
            {
                times.Enqueue(now);
            }

            return true;
        }
    }

    private void SweepIdleChats(DateTimeOffset now, TimeSpan window)
    {
        if (now < nextSweep)
        {
            return;
        }

        nextSweep = now + window;
        foreach (var (chatId, times) in started)
        {
            // Idle: nothing started, or even the latest start has left the window (a queue holds at most RateLimit).
            if (times.Count == 0 || times.Last() + window <= now)
            {
                started.Remove(chatId);
            }
        }
    }
}
