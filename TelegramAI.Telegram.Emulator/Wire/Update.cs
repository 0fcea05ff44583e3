namespace TelegramAI.Telegram.Emulator.Wire;

/// <summary>
/// An incoming update as the Bot API sends it (https://core.telegram.org/bots/api#update): exactly one of the
/// optional fields is set. The stand-in makes the kinds a user's actions produce in the chats a bot is in.
/// </summary>
public sealed class Update
{
    /// <summary>
    /// <c>update_id</c>: increases by one per update, which is what getUpdates' <c>offset</c> relies on. Telegram
    /// starts again from a random number after a week without updates.
    /// </summary>
    public int UpdateId { get; set; }

    /// <summary><c>message</c>: a new incoming message of any kind.</summary>
    public Message? Message { get; set; }

    /// <summary><c>edited_message</c>: a new version of a message the bot knows.</summary>
    public Message? EditedMessage { get; set; }

    /// <summary><c>channel_post</c>: a new post in a channel the bot is in.</summary>
    public Message? ChannelPost { get; set; }

    /// <summary><c>edited_channel_post</c>: a new version of a channel post.</summary>
    public Message? EditedChannelPost { get; set; }

    /// <summary><c>my_chat_member</c>: the bot's own status in a chat changed (added, removed, blocked by the user).</summary>
    public ChatMemberUpdated? MyChatMember { get; set; }

    /// <summary>The <c>allowed_updates</c> name of this update's kind.</summary>
    internal string Kind =>
        Message is not null ? "message"
        : EditedMessage is not null ? "edited_message"
        : ChannelPost is not null ? "channel_post"
        : EditedChannelPost is not null ? "edited_channel_post"
        : MyChatMember is not null ? "my_chat_member"
        : "unknown";
}
