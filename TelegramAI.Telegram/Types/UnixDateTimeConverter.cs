using System.Text.Json;
using System.Text.Json.Serialization;

namespace TelegramAI.Telegram.Types;

/// <summary>Telegram dates are Unix seconds; they are read as UTC <see cref="DateTime"/>s.</summary>
public sealed class UnixDateTimeConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTime.UnixEpoch.AddSeconds(reader.GetInt64());

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(new DateTimeOffset(value.ToUniversalTime()).ToUnixTimeSeconds());
}

/// <inheritdoc cref="UnixDateTimeConverter"/>
public sealed class NullableUnixDateTimeConverter : JsonConverter<DateTime?>
{
    private static readonly UnixDateTimeConverter Inner = new();

    public override bool HandleNull => false;

    public override DateTime? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Inner.Read(ref reader, typeof(DateTime), options);

    public override void Write(Utf8JsonWriter writer, DateTime? value, JsonSerializerOptions options)
    {
        if (value is { } date)
        {
            Inner.Write(writer, date, options);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
