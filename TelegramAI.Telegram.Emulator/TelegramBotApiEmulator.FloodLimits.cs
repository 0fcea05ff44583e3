using System.Globalization;
using System.Threading.RateLimiting;

namespace TelegramAI.Telegram.Emulator;

// Telegram's flood limits (FloodLimits), enforced on every call that sends or edits something, with a count of the
// calls refused for them. System.Threading.RateLimiting's token buckets do the counting: one overall, one per chat,
// one per group.
public sealed partial class TelegramBotApiEmulator
{
    /// <summary>Methods that put something in a chat, which Telegram's flood limits count ("edits and uploads count like messages").</summary>
    private static readonly HashSet<string> FloodCountedMethods = new(StringComparer.OrdinalIgnoreCase) { "sendMessage", "editMessageText", "sendVideo" };

    private FloodGuard? flood;
    private int floodRefusals;

    /// <summary>The flood limits enforced, or null when they are off.</summary>
    public FloodLimits? FloodLimits => flood?.Limits;

    /// <summary>Calls answered 429 because they went over a flood limit (injected faults not counted).</summary>
    public int FloodRefusals => Volatile.Read(ref floodRefusals);

    /// <summary>The 429 answer to a call over a flood limit, or null when the call may go ahead (it is then counted).</summary>
    private Reply? FloodRefusal(string method, long? chatId)
    {
        if (flood is null || !FloodCountedMethods.Contains(method))
        {
            return null;
        }

        if (flood.TryTake(chatId) is not { } wait)
        {
            return null;
        }

        Interlocked.Increment(ref floodRefusals);
        lock (gate)
        {
            NotifyChanged();
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return Error(429, string.Create(CultureInfo.InvariantCulture, $"Too Many Requests: retry after {seconds}"), seconds);
    }

    /// <summary>The three token buckets of <see cref="Emulator.FloodLimits"/>.</summary>
    private sealed class FloodGuard : IAsyncDisposable
    {
        private readonly TokenBucketRateLimiter overall;
        private readonly PartitionedRateLimiter<long> perChat;
        private readonly PartitionedRateLimiter<long> perGroup;

        public FloodGuard(FloodLimits limits)
        {
            Limits = limits;
            overall = new TokenBucketRateLimiter(Bucket(limits.MessagesPerSecond, TimeSpan.FromSeconds(1), limits.MessagesPerSecond, autoReplenishment: true));
            perChat = PartitionedRateLimiter.Create<long, long>(chatId => RateLimitPartition.GetTokenBucketLimiter(
                chatId, _ => Bucket(limits.ChatMessagesPerSecond, TimeSpan.FromSeconds(1), limits.ChatBurst, autoReplenishment: false)));
            perGroup = PartitionedRateLimiter.Create<long, long>(chatId => RateLimitPartition.GetTokenBucketLimiter(
                chatId, _ => Bucket(limits.GroupMessagesPerMinute, TimeSpan.FromMinutes(1), limits.GroupMessagesPerMinute, autoReplenishment: false)));
        }

        public FloodLimits Limits { get; }

        /// <returns>Null when the call is within every limit, else how long until it would be.</returns>
        public TimeSpan? TryTake(long? chatId)
        {
            // The narrowest scope first, so that a call refused for its chat spends nothing of the overall allowance.
            if (chatId is { } chat)
            {
                if (Refused(perChat.AttemptAcquire(chat)) is { } chatWait)
                {
                    return chatWait;
                }

                if (chat < 0 && Refused(perGroup.AttemptAcquire(chat)) is { } groupWait)
                {
                    return groupWait;
                }
            }

            return Refused(overall.AttemptAcquire());
        }

        public async ValueTask DisposeAsync()
        {
            await overall.DisposeAsync();
            await perChat.DisposeAsync();
            await perGroup.DisposeAsync();
        }

        private static TimeSpan? Refused(RateLimitLease lease)
        {
            using (lease)
            {
                if (lease.IsAcquired)
                {
                    return null;
                }

                return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
            }
        }

        /// <summary><paramref name="count"/> tokens per <paramref name="period"/>, added one at a time, up to <paramref name="burst"/>.</summary>
        private static TokenBucketRateLimiterOptions Bucket(int count, TimeSpan period, int burst, bool autoReplenishment) => new()
        {
            TokenLimit = Math.Max(1, burst),
            TokensPerPeriod = 1,
            ReplenishmentPeriod = period / Math.Max(1, count),
            QueueLimit = 0,
            AutoReplenishment = autoReplenishment,
        };
    }
}
