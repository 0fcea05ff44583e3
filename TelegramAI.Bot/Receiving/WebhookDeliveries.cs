using System.Collections.Concurrent;
using TelegramAI.Bot.Conversation;
using Telegram.Bot.Types;

namespace TelegramAI.Bot.Receiving;

/// <summary>
/// Telegram posts on up to 40 connections and posts an update again when an answer is late, so the
/// same update can arrive while its first delivery is still being handled: the second waits for the
/// first instead of answering the user a second time. (Deliveries that come after are the ledger's.)
/// </summary>
public sealed class WebhookDeliveries(UpdateHandler handler)
{
    private readonly ConcurrentDictionary<int, Lazy<Task>> inFlight = new();

    public async Task HandleOnceAsync(Update update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var handling = new Lazy<Task>(() => handler.HandleAsync([update], cancellationToken));
        var current = inFlight.GetOrAdd(update.Id, handling);
        try
        {
            await current.Value;
        }
        finally
        {
            if (ReferenceEquals(current, handling))
            {
                inFlight.TryRemove(new KeyValuePair<int, Lazy<Task>>(update.Id, handling));
            }
        }
    }
}
