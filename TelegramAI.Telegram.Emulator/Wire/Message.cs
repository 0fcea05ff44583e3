namespace TelegramAI.Telegram.Emulator.Wire;

/// <summary>
/// A message (https://core.telegram.org/bots/api#message), with the fields the stand-in fills in. Fields left
/// null are left out of the JSON, as Telegram leaves out optional fields it has no value for.
/// </summary>
public sealed class Message
{
    /// <summary><c>message_id</c>: unique inside its chat.</summary>
    public int MessageId { get; set; }

    /// <summary><c>from</c>: the sender; Telegram leaves it out for channel posts.</summary>
    public User? From { get; set; }

    public Chat Chat { get; set; } = new();

    /// <summary><c>date</c>: when the message was sent, in Unix seconds.</summary>
    public long Date { get; set; }

    /// <summary><c>edit_date</c>: when the message was last edited, in Unix seconds.</summary>
    public long? EditDate { get; set; }

    public Message? ReplyToMessage { get; set; }

    /// <summary><c>text</c>: 0-4096 characters.</summary>
    public string? Text { get; set; }

    /// <summary><c>entities</c>: usernames, URLs, bot commands and the like that appear in the text.</summary>
    public MessageEntity[]? Entities { get; set; }

    /// <summary><c>caption</c>: 0-1024 characters, for media.</summary>
    public string? Caption { get; set; }

    /// <summary><c>photo</c>: the available sizes of the photo.</summary>
    public PhotoSize[]? Photo { get; set; }

    public Sticker? Sticker { get; set; }

    public Video? Video { get; set; }

    public Voice? Voice { get; set; }
}
