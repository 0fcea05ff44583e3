using TelegramAI.Telegram.Types;

namespace TelegramAI.Telegram;

/// <summary>The envelope of every Bot API answer.</summary>
internal sealed class ApiResponse<TResult>
{
    public bool Ok { get; set; }

    public TResult? Result { get; set; }

    public int? ErrorCode { get; set; }

    public string? Description { get; set; }

    public ResponseParameters? Parameters { get; set; }
}
