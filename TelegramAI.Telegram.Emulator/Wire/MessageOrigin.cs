namespace TelegramAI.Telegram.Emulator.Wire;

/// <summary>
/// Where a forwarded message first came from (https://core.telegram.org/bots/api#messageorigin): <c>type</c> is
/// <c>user</c>, <c>hidden_user</c>, <c>chat</c> or <c>channel</c>, and the fields of that kind are set.
/// </summary>
public sealed class MessageOrigin
{
    public string Type { get; set; } = "channel";

    /// <summary><c>date</c>: when the original was sent, in Unix seconds.</summary>
    public long Date { get; set; }

    /// <summary><c>sender_user</c>: for <c>user</c>.</summary>
    public User? SenderUser { get; set; }

    /// <summary><c>sender_user_name</c>: for <c>hidden_user</c>.</summary>
    public string? SenderUserName { get; set; }

    /// <summary><c>sender_chat</c>: for <c>chat</c>.</summary>
    public Chat? SenderChat { get; set; }

    /// <summary><c>chat</c>: for <c>channel</c>, the channel the post came from.</summary>
    public Chat? Chat { get; set; }

    /// <summary><c>message_id</c>: for <c>channel</c>, the post's id in its channel.</summary>
    public int? MessageId { get; set; }
}
