using System.Text.Json.Serialization;

namespace TelegramAI.Telegram.Types;

/// <summary>A message (https://core.telegram.org/bots/api#message), with the fields that tell its kind apart.</summary>
public sealed class Message
{
    public int MessageId { get; set; }

    public int? MessageThreadId { get; set; }

    public User? From { get; set; }

    public Chat Chat { get; set; } = new();

    [JsonConverter(typeof(UnixDateTimeConverter))]
    public DateTime Date { get; set; }

    [JsonConverter(typeof(NullableUnixDateTimeConverter))]
    public DateTime? EditDate { get; set; }

    public Message? ReplyToMessage { get; set; }

    public string? Text { get; set; }

    public MessageEntity[]? Entities { get; set; }

    public string? Caption { get; set; }

    public MessageEntity[]? CaptionEntities { get; set; }

    public Animation? Animation { get; set; }

    public Audio? Audio { get; set; }

    public Document? Document { get; set; }

    public PhotoSize[]? Photo { get; set; }

    public Sticker? Sticker { get; set; }

    public Video? Video { get; set; }

    public VideoNote? VideoNote { get; set; }

    public Voice? Voice { get; set; }

    public Contact? Contact { get; set; }

    public Location? Location { get; set; }

    /// <summary>What the message carries. Telegram sends an animation together with a document, so animation wins.</summary>
    [JsonIgnore]
    public MessageType Type =>
        Text is not null ? MessageType.Text
        : Animation is not null ? MessageType.Animation
        : Photo is not null ? MessageType.Photo
        : Video is not null ? MessageType.Video
        : VideoNote is not null ? MessageType.VideoNote
        : Voice is not null ? MessageType.Voice
        : Audio is not null ? MessageType.Audio
        : Document is not null ? MessageType.Document
        : Sticker is not null ? MessageType.Sticker
        : Contact is not null ? MessageType.Contact
        : Location is not null ? MessageType.Location
        : MessageType.Unknown;
}

public enum MessageType
{
    Unknown,
    Text,
    Photo,
    Audio,
    Video,
    Voice,
    Document,
    Sticker,
    Location,
    Contact,
    Animation,
    VideoNote,
}

public sealed class User
{
    public long Id { get; set; }

    public bool IsBot { get; set; }

    public string FirstName { get; set; } = "";

    public string? LastName { get; set; }

    public string? Username { get; set; }

    public string? LanguageCode { get; set; }
}

public sealed class Chat
{
    public long Id { get; set; }

    /// <summary>One of <see cref="ChatType"/>.</summary>
    public string Type { get; set; } = ChatType.Private;

    public string? Title { get; set; }

    public string? Username { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }
}

/// <summary>
/// Chat types as Telegram spells them. Strings rather than an enum so that a type Telegram adds later
/// does not make a whole update fail to parse.
/// </summary>
public static class ChatType
{
    public const string Private = "private";
    public const string Group = "group";
    public const string Supergroup = "supergroup";
    public const string Channel = "channel";
}

public sealed class MessageEntity
{
    /// <summary>One of <see cref="MessageEntityType"/>, or a type added to the Bot API since.</summary>
    public string Type { get; set; } = "";

    /// <summary>Offset in UTF-16 code units.</summary>
    public int Offset { get; set; }

    /// <summary>Length in UTF-16 code units.</summary>
    public int Length { get; set; }

    public string? Url { get; set; }

    public User? User { get; set; }

    public string? Language { get; set; }
}

/// <summary>Entity types as Telegram spells them; strings for the same reason as <see cref="ChatType"/>.</summary>
public static class MessageEntityType
{
    public const string Mention = "mention";
    public const string Hashtag = "hashtag";
    public const string BotCommand = "bot_command";
    public const string Url = "url";
    public const string Email = "email";
    public const string Bold = "bold";
    public const string Italic = "italic";
    public const string Code = "code";
    public const string Pre = "pre";
    public const string TextLink = "text_link";
    public const string TextMention = "text_mention";
}
