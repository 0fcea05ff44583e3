using System.Text.Json.Serialization;

namespace TelegramAI.Telegram.Emulator.Wire;

/// <summary>A successful answer (https://core.telegram.org/bots/api#making-requests): <c>ok</c> true and the <c>result</c>.</summary>
internal sealed record OkResponse<T>(T Result, string? Description = null)
{
    [JsonPropertyOrder(-1)]
    public bool Ok => true;
}
