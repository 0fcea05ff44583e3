using System.Text.Json.Serialization;
using TelegramAI.Telegram.Types;

namespace TelegramAI.Telegram.Emulator;

internal sealed record OkEnvelope<T>(T Result, string? Description = null)
{
    [JsonPropertyOrder(-1)]
    public bool Ok => true;
}

internal sealed record ErrorEnvelope(int ErrorCode, string Description, ResponseParameters? Parameters = null)
{
    [JsonPropertyOrder(-1)]
    public bool Ok => false;
}

/// <summary>
/// The stand-in's own serializer settings. Requests are read by their wire names rather than through the
/// client's request types, so a misnamed field in the client shows up as a failing test.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OkEnvelope<User>))]
[JsonSerializable(typeof(OkEnvelope<Update[]>))]
[JsonSerializable(typeof(OkEnvelope<Message>))]
[JsonSerializable(typeof(OkEnvelope<bool>))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(Update))]
internal sealed partial class EmulatorJson : JsonSerializerContext;
