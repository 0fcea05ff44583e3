namespace TelegramAI.Telegram.Emulator;

// Fault injection: any method can be made to answer with any error Telegram gives, for every chat or for one chat
// only, so that each error a bot can meet is tested through the real client and the real bot.
public sealed partial class TelegramBotApiEmulator
{
    private readonly Dictionary<(string Method, long ChatId), Queue<ApiFault>> chatFaults = new(ChatFaultKeyComparer.Instance);

    /// <summary>
    /// Makes the next <paramref name="times"/> calls of <paramref name="method"/> for chat <paramref name="chatId"/>
    /// (its <c>chat_id</c> parameter) answer with <paramref name="fault"/>; calls for other chats go ahead.
    /// </summary>
    public void FailNext(string method, long chatId, ApiFault fault, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (gate)
        {
            if (!chatFaults.TryGetValue((method, chatId), out var queue))
            {
                chatFaults[(method, chatId)] = queue = new Queue<ApiFault>();
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(fault);
            }
        }
    }

    /// <summary>Forgets every fault not yet answered: from now on each call is answered as it comes.</summary>
    public void ClearFaults()
    {
        lock (gate)
        {
            faults.Clear();
            chatFaults.Clear();
        }
    }

    /// <summary>The fault to answer this call with, if one was injected for its chat or for its method.</summary>
    /// <remarks>Callers hold <see cref="gate"/>.</remarks>
    private ApiFault? NextFault(string method, long? chatId)
    {
        if (chatId is { } chat && chatFaults.TryGetValue((method, chat), out var forChat) && forChat.TryDequeue(out var chatFault))
        {
            return chatFault;
        }

        return faults.TryGetValue(method, out var queue) && queue.TryDequeue(out var fault) ? fault : null;
    }

    private sealed class ChatFaultKeyComparer : IEqualityComparer<(string Method, long ChatId)>
    {
        public static readonly ChatFaultKeyComparer Instance = new();

        public bool Equals((string Method, long ChatId) x, (string Method, long ChatId) y) =>
            x.ChatId == y.ChatId && string.Equals(x.Method, y.Method, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Method, long ChatId) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Method), obj.ChatId);
    }
}
