using System.Text.Json.Serialization;
using TelegramAI.Telegram.Emulator.Wire;

namespace TelegramAI.Telegram.Emulator;

/// <summary>
/// The stand-in's own model of the wire JSON, written from the Bot API documentation: snake_case names,
/// optional fields left out when empty. It shares nothing with any client, so a client that names or
/// shapes a field differently from the official API fails against it.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OkResponse<User>))]
[JsonSerializable(typeof(OkResponse<Update[]>))]
[JsonSerializable(typeof(OkResponse<Message>))]
[JsonSerializable(typeof(OkResponse<bool>))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(Update))]
internal sealed partial class EmulatorJson : JsonSerializerContext;
