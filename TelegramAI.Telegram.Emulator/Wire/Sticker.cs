namespace TelegramAI.Telegram.Emulator.Wire;

/// <summary>A sticker (https://core.telegram.org/bots/api#sticker).</summary>
public sealed class Sticker
{
    public string FileId { get; set; } = "";

    public string FileUniqueId { get; set; } = "";

    /// <summary><c>type</c>: <c>regular</c>, <c>mask</c> or <c>custom_emoji</c>.</summary>
    public string Type { get; set; } = "regular";

    public int Width { get; set; }

    public int Height { get; set; }

    public bool IsAnimated { get; set; }

    public bool IsVideo { get; set; }

    public string? Emoji { get; set; }
}
