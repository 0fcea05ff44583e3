namespace TelegramAI.Telegram.Emulator.Wire;

/// <summary>A voice note (https://core.telegram.org/bots/api#voice).</summary>
public sealed class Voice
{
    public string FileId { get; set; } = "";

    public string FileUniqueId { get; set; } = "";

    /// <summary><c>duration</c>: in seconds.</summary>
    public int Duration { get; set; }

    public string? MimeType { get; set; }

    public long? FileSize { get; set; }
}
