using System.ComponentModel.DataAnnotations;
using TelegramAI.Telegram.Emulator;

namespace TelegramAI.Telegram.LocalChat;

/// <summary>Keys <c>LocalChat__ApiPort</c>, <c>LocalChat__BotToken</c> and <c>LocalChat__UserId</c>.</summary>
public sealed class LocalChatOptions
{
    public const string Section = "LocalChat";

    /// <summary>Its /health port when no address is given (the AppHost always gives one); beside the services' own.</summary>
    public const int DefaultHealthPort = 8083;

    /// <summary>The stand-in's token unless told otherwise; the AppHost gives the bot the same.</summary>
    public const string DefaultBotToken = TelegramBotApiEmulator.DefaultBotToken;

    /// <summary>The 127.0.0.1 port of the Bot API stand-in: the bot's <c>Telegram__ApiBaseUrl</c> points there.</summary>
    [Range(1, 65535)]
    public int ApiPort { get; set; }

    /// <summary>The one token the stand-in accepts; a local placeholder, never a real bot's.</summary>
    [Required]
    [RegularExpression("^[0-9]+:[A-Za-z0-9_-]{30,}$", ErrorMessage = "must look like a bot token: <digits>:<at least 30 letters, digits, _ or ->")]
    public string BotToken { get; set; } = DefaultBotToken;

    /// <summary>The Telegram user the chat page plays; their private chat's id is the same number.</summary>
    [Range(1, long.MaxValue)]
    public long UserId { get; set; } = 1001;
}
