namespace TelegramAI.AppHost.Telegram;

/// <summary>
/// The Telegram the bot talks to: the local stand-in (a project resource serving the Bot API and the chat
/// page), or real Telegram with the bot token, an Aspire secret parameter.
/// </summary>
public sealed record LocalTelegram(IResourceBuilder<ExecutableResource>? StandIn, IResourceBuilder<ParameterResource>? BotToken);
