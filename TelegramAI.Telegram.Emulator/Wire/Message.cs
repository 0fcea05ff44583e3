namespace TelegramAI.Telegram.Emulator.Wire;

/// <summary>
/// A message (https://core.telegram.org/bots/api#message), with the fields the stand-in fills in. Fields left
/// null are left out of the JSON, as Telegram leaves out optional fields it has no value for.
/// </summary>
public sealed class Message
{
    /// <summary><c>message_id</c>: unique inside its chat.</summary>
    public int MessageId { get; set; }

    /// <summary>
    /// <c>message_thread_id</c>: the forum topic (or reply thread) the message belongs to; supergroups, and private
    /// chats with topics.
    /// </summary>
    public int? MessageThreadId { get; set; }

    /// <summary><c>from</c>: the sender; Telegram leaves it out for channel posts.</summary>
    public User? From { get; set; }

    /// <summary>
    /// <c>sender_chat</c>: the chat a message was sent on behalf of: the channel of a channel post or of an
    /// automatic forward, the group itself for an anonymous administrator.
    /// </summary>
    public Chat? SenderChat { get; set; }

    public Chat Chat { get; set; } = new();

    /// <summary><c>date</c>: when the message was sent, in Unix seconds.</summary>
    public long Date { get; set; }

    /// <summary><c>edit_date</c>: when the message was last edited, in Unix seconds.</summary>
    public long? EditDate { get; set; }

    /// <summary><c>is_topic_message</c>: sent to a forum topic.</summary>
    public bool? IsTopicMessage { get; set; }

    /// <summary><c>is_automatic_forward</c>: a channel post Telegram copied into the channel's discussion group.</summary>
    public bool? IsAutomaticForward { get; set; }

    /// <summary><c>forward_origin</c>: for a forwarded message, where it first came from.</summary>
    public MessageOrigin? ForwardOrigin { get; set; }

    public Message? ReplyToMessage { get; set; }

    /// <summary><c>text</c>: 0-4096 characters.</summary>
    public string? Text { get; set; }

    /// <summary><c>entities</c>: usernames, URLs, bot commands and the like that appear in the text.</summary>
    public MessageEntity[]? Entities { get; set; }

    /// <summary><c>caption</c>: 0-1024 characters, for media.</summary>
    public string? Caption { get; set; }

    /// <summary><c>caption_entities</c>: URLs, mentions and the like in the caption.</summary>
    public MessageEntity[]? CaptionEntities { get; set; }

    /// <summary><c>photo</c>: the available sizes of the photo.</summary>
    public PhotoSize[]? Photo { get; set; }

    public Sticker? Sticker { get; set; }

    public Video? Video { get; set; }

    public Voice? Voice { get; set; }

    /// <summary><c>new_chat_members</c>: a service message, members joined or were added (the bot among them, maybe).</summary>
    public User[]? NewChatMembers { get; set; }

    /// <summary><c>migrate_to_chat_id</c>: a service message in a group that became a supergroup with this id.</summary>
    public long? MigrateToChatId { get; set; }

    /// <summary><c>migrate_from_chat_id</c>: a service message in a supergroup that was the group with this id.</summary>
    public long? MigrateFromChatId { get; set; }
}
