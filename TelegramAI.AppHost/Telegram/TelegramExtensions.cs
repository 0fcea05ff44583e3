using TelegramAI.AppHost.Services;
using TelegramAI.Bot.Configuration;
using TelegramAI.ServiceDefaults.Configuration;
using TelegramAI.Bot.Telegram;
using TelegramAI.Telegram.LocalChat;

namespace TelegramAI.AppHost.Telegram;

public static class TelegramExtensions
{
    /// <summary>Where the bot token is read from: <c>Telegram__BotToken</c>, or the user secret <c>Telegram:BotToken</c>.</summary>
    public const string BotTokenKey = $"{TelegramOptions.Section}:{nameof(TelegramOptions.BotToken)}";

    /// <summary>
    /// Real Telegram when a bot token is configured: the token becomes the secret parameter
    /// <c>{name}-bot-token</c>. Otherwise the local stand-in: a Bot API server on 127.0.0.1 and the
    /// chat page, the resource's URL in the dashboard, where you write to the bot as a Telegram user.
    /// </summary>
    public static LocalTelegram AddTelegram(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration[BotTokenKey]))
        {
            return new LocalTelegram(StandIn: null, builder.AddParameterFromConfiguration($"{name}-bot-token", BotTokenKey, secret: true));
        }

        var standIn = builder.AddService<Projects.TelegramAI_Telegram_LocalChat>(name)
            .WithLoopbackHttpEndpoint()
            .WithHttpEndpoint(name: "api", env: ConfigurationKey.ToEnvironmentVariable(LocalChatOptions.Section, nameof(LocalChatOptions.ApiPort)), isProxied: false)
            .WithEndpoint("api", endpoint => endpoint.TargetHost = "127.0.0.1")
            .WithUrlForEndpoint("http", url =>
            {
                url.Url = "/chat";
                url.DisplayText = ReadinessReport.ChatDisplayText;
            })
            .WithUrlForEndpoint("api", url => url.DisplayText = "Bot API stand-in")
            .WithHttpHealthCheck("/health")
            .WithEnvironment("Logging__Console__FormatterName", "simple")
            .WithIconName("Chat");
        return new LocalTelegram(standIn, BotToken: null);
    }

    /// <summary>
    /// The Bot's <c>Telegram__*</c> keys and its state folder. The stand-in numbers updates and messages
    /// afresh on every run, so with it the bot's ledger is per run too (in <paramref name="scratch"/>); with
    /// real Telegram it must outlive a restart, so it stays in the user's local application data.
    /// </summary>
    public static IResourceBuilder<ExecutableResource> WithTelegram(this IResourceBuilder<ExecutableResource> bot, LocalTelegram telegram, RunScratch scratch)
    {
        var tokenKey = ConfigurationKey.ToEnvironmentVariable(TelegramOptions.Section, nameof(TelegramOptions.BotToken));
        var stateKey = ConfigurationKey.ToEnvironmentVariable(BotOptions.Section, nameof(BotOptions.StateDirectory));
        if (telegram.StandIn is { } standIn)
        {
            var api = standIn.GetEndpoint("api");
            return bot
                .WithEnvironment(tokenKey, LocalChatOptions.DefaultBotToken)
                .WithEnvironment(
                    ConfigurationKey.ToEnvironmentVariable(TelegramOptions.Section, nameof(TelegramOptions.ApiBaseUrl)),
                    ReferenceExpression.Create($"http://127.0.0.1:{api.Property(EndpointProperty.TargetPort)}"))
                .WithEnvironment(context => context.EnvironmentVariables[stateKey] = scratch.FolderFor(bot.Resource.Name))
                .WaitFor(standIn);
        }

        return bot
            .WithEnvironment(tokenKey, telegram.BotToken!)
            .WithEnvironment(stateKey, Path.Combine(
                Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "TelegramAI", "bot-state"));
    }
}
