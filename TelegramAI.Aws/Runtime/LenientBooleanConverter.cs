using System.Text.Json;
using System.Text.Json.Serialization;

namespace TelegramAI.Aws.Runtime;

/// <summary>Reads <c>true</c> and <c>"true"</c> alike: emulators write some booleans as strings.</summary>
internal sealed class LenientBooleanConverter : JsonConverter<bool>
{
    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.String => bool.TryParse(reader.GetString(), out var value) ? value : throw new JsonException($"'{reader.GetString()}' is not a boolean."),
        _ => throw new JsonException($"A boolean was expected, not {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
}
