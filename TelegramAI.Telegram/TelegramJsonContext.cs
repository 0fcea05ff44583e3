using System.Text.Json;
using System.Text.Json.Serialization;
using TelegramAI.Telegram.Types;

namespace TelegramAI.Telegram;

/// <summary>
/// The Bot API's JSON shape. Defaults are left out of requests because Telegram treats an absent
/// field and a false/empty one alike, and it keeps bodies to what the caller asked for.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(ApiResponse<User>))]
[JsonSerializable(typeof(ApiResponse<Update[]>))]
[JsonSerializable(typeof(ApiResponse<Message>))]
[JsonSerializable(typeof(ApiResponse<bool>))]
[JsonSerializable(typeof(ApiResponse<JsonElement>))]
[JsonSerializable(typeof(GetUpdatesRequest))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(EditMessageTextRequest))]
[JsonSerializable(typeof(SendVideoRequest))]
[JsonSerializable(typeof(SetWebhookRequest))]
[JsonSerializable(typeof(DeleteWebhookRequest))]
internal sealed partial class TelegramJsonContext : JsonSerializerContext;
