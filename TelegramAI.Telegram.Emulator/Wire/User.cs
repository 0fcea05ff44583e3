namespace TelegramAI.Telegram.Emulator.Wire;

/// <summary>A Telegram user or bot (https://core.telegram.org/bots/api#user).</summary>
public sealed class User
{
    public long Id { get; set; }

    public bool IsBot { get; set; }

    public string FirstName { get; set; } = "";

    public string? LastName { get; set; }

    public string? Username { get; set; }

    /// <summary><c>language_code</c>: the IETF language tag of the user's language.</summary>
    public string? LanguageCode { get; set; }
}
