namespace TelegramAI.Telegram.Emulator.Wire;

/// <summary>A change of a member's status in a chat (https://core.telegram.org/bots/api#chatmemberupdated).</summary>
public sealed class ChatMemberUpdated
{
    public Chat Chat { get; set; } = new();

    /// <summary><c>from</c>: who made the change (the user who blocked the bot, the admin who added it).</summary>
    public User From { get; set; } = new();

    /// <summary><c>date</c>: in Unix seconds.</summary>
    public long Date { get; set; }

    public ChatMember OldChatMember { get; set; } = new();

    public ChatMember NewChatMember { get; set; } = new();
}
