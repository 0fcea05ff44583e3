using System.Text.Json.Serialization;

namespace TelegramAI.Telegram.Emulator.Wire;

/// <summary>
/// A refused request (https://core.telegram.org/bots/api#making-requests): <c>ok</c> false, an <c>error_code</c>
/// that is also the HTTP status, a human-readable <c>description</c> and, for some errors, <c>parameters</c>.
/// </summary>
internal sealed record ErrorResponse(int ErrorCode, string Description, ResponseParameters? Parameters = null)
{
    [JsonPropertyOrder(-1)]
    public bool Ok => false;
}
