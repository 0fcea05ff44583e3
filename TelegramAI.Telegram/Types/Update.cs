using System.Text.Json.Serialization;

namespace TelegramAI.Telegram.Types;

/// <summary>An incoming update (https://core.telegram.org/bots/api#update). Kinds the bot does not use are not modelled.</summary>
public sealed class Update
{
    public int UpdateId { get; set; }

    public Message? Message { get; set; }

    public Message? EditedMessage { get; set; }

    public Message? ChannelPost { get; set; }

    public Message? EditedChannelPost { get; set; }

    [JsonIgnore]
    public UpdateType Type =>
        Message is not null ? UpdateType.Message
        : EditedMessage is not null ? UpdateType.EditedMessage
        : ChannelPost is not null ? UpdateType.ChannelPost
        : EditedChannelPost is not null ? UpdateType.EditedChannelPost
        : UpdateType.Unknown;
}

/// <summary>Update kinds, as named in <c>allowed_updates</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UpdateType>))]
public enum UpdateType
{
    Unknown,
    [JsonStringEnumMemberName("message")] Message,
    [JsonStringEnumMemberName("edited_message")] EditedMessage,
    [JsonStringEnumMemberName("channel_post")] ChannelPost,
    [JsonStringEnumMemberName("edited_channel_post")] EditedChannelPost,
    [JsonStringEnumMemberName("callback_query")] CallbackQuery,
    [JsonStringEnumMemberName("inline_query")] InlineQuery,
    [JsonStringEnumMemberName("my_chat_member")] MyChatMember,
}
