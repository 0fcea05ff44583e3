using System.Net.Http.Json;
using System.Text.Json;

namespace TelegramAI.Tests.Support;

/// <summary>A bot message as the stand-in's test hooks report it.</summary>
public sealed record HookedMessage(int MessageId, string Text, IReadOnlyList<string> TextHistory);

/// <summary>
/// Plays Telegram users against a Bot API stand-in in another process, through its loopback test hooks
/// (TelegramBotApiEmulator.TestHooks.cs).
/// </summary>
public sealed class TelegramHooksClient(HttpClient http, Uri hooks)
{
    public async Task SendAsync(long userId, string text, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri(hooks, $"users/{userId}/messages"), new { text }, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Long-polls the chat until the bot's messages there satisfy <paramref name="condition"/>, and returns them.</summary>
    public async Task<IReadOnlyList<HookedMessage>> WaitForMessagesAsync(
        long chatId, Func<IReadOnlyList<HookedMessage>, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var version = -1L;
        IReadOnlyList<HookedMessage> messages = [];
        try
        {
            while (true)
            {
                using var document = JsonDocument.Parse(
                    await http.GetStringAsync(new Uri(hooks, $"chats/{chatId}?after={version}&timeout=10"), deadline.Token));
                version = document.RootElement.GetProperty("version").GetInt64();
                messages = [.. document.RootElement.GetProperty("messages").EnumerateArray().Select(message => new HookedMessage(
                    message.GetProperty("message_id").GetInt32(),
                    message.GetProperty("text").GetString()!,
                    [.. message.GetProperty("text_history").EnumerateArray().Select(text => text.GetString()!)]))];
                if (condition(messages))
                {
                    return messages;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"Waited {timeout.TotalSeconds:0} s in chat {chatId}; the bot has: {string.Join(" | ", messages.Select(m => m.Text))}");
        }
    }
}
