namespace TelegramAI.Telegram.Emulator.Wire;

/// <summary>A special piece of a message's text (https://core.telegram.org/bots/api#messageentity).</summary>
public sealed class MessageEntity
{
    /// <summary><c>type</c>: <c>bot_command</c>, <c>mention</c>, <c>url</c>, <c>text_link</c>, <c>text_mention</c> and others.</summary>
    public string Type { get; set; } = "";

    /// <summary><c>offset</c>: in UTF-16 code units from the start of the text.</summary>
    public int Offset { get; set; }

    /// <summary><c>length</c>: in UTF-16 code units.</summary>
    public int Length { get; set; }

    /// <summary><c>url</c>: for <c>text_link</c> only, the URL behind the text.</summary>
    public string? Url { get; set; }

    /// <summary><c>user</c>: for <c>text_mention</c> only, the user mentioned (one without a username).</summary>
    public User? User { get; set; }
}
