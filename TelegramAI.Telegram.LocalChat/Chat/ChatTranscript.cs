namespace TelegramAI.Telegram.LocalChat.Chat;

/// <summary>A message the developer sent from the chat page.</summary>
public sealed record UserMessage(int MessageId, string Text, DateTimeOffset SentAt);

/// <summary>
/// The developer's side of the chat. The stand-in keeps what the bot sent; what the user sent is kept
/// here, so the page can show both in message_id order after a reload.
/// </summary>
public sealed class ChatTranscript
{
    private readonly Lock _gate = new();
    private readonly List<UserMessage> _sent = [];

    public void Add(UserMessage message)
    {
        lock (_gate)
        {
            _sent.Add(message);
        }
    }

    public IReadOnlyList<UserMessage> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }
}
