using TelegramAI.Telegram.Types;

namespace TelegramAI.Telegram;

/// <summary>
/// The Bot API methods the bot uses. Names, parameter names and order follow the Telegram.Bot package
/// (v22) so that call sites written with named arguments compile against either.
/// Every method throws <see cref="ApiRequestException"/> when Telegram refuses the call and
/// <see cref="RequestException"/> when it cannot be reached.
/// </summary>
public interface ITelegramBotClient
{
    /// <summary>https://core.telegram.org/bots/api#getme</summary>
    Task<User> GetMe(CancellationToken cancellationToken = default);

    /// <summary>
    /// https://core.telegram.org/bots/api#getupdates. With <paramref name="timeout"/> (seconds) the call is a
    /// long poll and may take that long; it gets its own HTTP deadline. Passing <paramref name="offset"/>
    /// confirms every update below it.
    /// </summary>
    Task<Update[]> GetUpdates(
        int? offset = null,
        int? limit = null,
        int? timeout = null,
        IEnumerable<UpdateType>? allowedUpdates = null,
        CancellationToken cancellationToken = default);

    /// <summary>https://core.telegram.org/bots/api#sendmessage</summary>
    Task<Message> SendMessage(
        long chatId,
        string text,
        ParseMode parseMode = default,
        ReplyParameters? replyParameters = null,
        LinkPreviewOptions? linkPreviewOptions = null,
        bool disableNotification = false,
        CancellationToken cancellationToken = default);

    /// <summary>https://core.telegram.org/bots/api#editmessagetext</summary>
    Task<Message> EditMessageText(
        long chatId,
        int messageId,
        string text,
        ParseMode parseMode = default,
        LinkPreviewOptions? linkPreviewOptions = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// https://core.telegram.org/bots/api#sendvideo. A stream is uploaded (up to 50 MB); a URL is
    /// fetched by Telegram; a file id re-sends a video Telegram already has.
    /// </summary>
    Task<Message> SendVideo(
        long chatId,
        InputFile video,
        string? caption = null,
        ParseMode parseMode = default,
        ReplyParameters? replyParameters = null,
        int? duration = null,
        int? width = null,
        int? height = null,
        bool supportsStreaming = false,
        bool disableNotification = false,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// https://core.telegram.org/bots/api#setwebhook. Telegram then sends <paramref name="secretToken"/> in
    /// the <c>X-Telegram-Bot-Api-Secret-Token</c> header of every delivery.
    /// </summary>
    Task SetWebhook(
        string url,
        IEnumerable<UpdateType>? allowedUpdates = null,
        bool dropPendingUpdates = false,
        string? secretToken = null,
        int? maxConnections = null,
        CancellationToken cancellationToken = default);

    /// <summary>https://core.telegram.org/bots/api#deletewebhook</summary>
    Task DeleteWebhook(bool dropPendingUpdates = false, CancellationToken cancellationToken = default);
}
