using TelegramAI.Telegram.Types;

namespace TelegramAI.Telegram;

// Request bodies, named after the Bot API method they go to; serialized snake_case with defaults left out.

internal sealed record GetUpdatesRequest(int? Offset, int? Limit, int? Timeout, UpdateType[]? AllowedUpdates);

internal sealed record SendMessageRequest(
    long ChatId,
    string Text,
    ParseMode? ParseMode,
    ReplyParameters? ReplyParameters,
    LinkPreviewOptions? LinkPreviewOptions,
    bool DisableNotification);

internal sealed record EditMessageTextRequest(
    long ChatId,
    int MessageId,
    string Text,
    ParseMode? ParseMode,
    LinkPreviewOptions? LinkPreviewOptions);

/// <param name="Video">A URL or file id; null when the video is uploaded as a multipart part.</param>
internal sealed record SendVideoRequest(
    long ChatId,
    string? Video,
    string? Caption,
    ParseMode? ParseMode,
    ReplyParameters? ReplyParameters,
    int? Duration,
    int? Width,
    int? Height,
    bool SupportsStreaming,
    bool DisableNotification);

internal sealed record SetWebhookRequest(
    string Url,
    UpdateType[]? AllowedUpdates,
    bool DropPendingUpdates,
    string? SecretToken,
    int? MaxConnections);

internal sealed record DeleteWebhookRequest(bool DropPendingUpdates);
