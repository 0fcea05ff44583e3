using TelegramAI.Telegram.LocalChat.Chat;

namespace TelegramAI.Telegram.LocalChat;

/// <summary>
/// The local Telegram: a Bot API stand-in on <c>LocalChat__ApiPort</c> for the bot, and on this service's
/// own address a chat page where the developer writes as a Telegram user and watches the bot answer.
/// </summary>
public static class LocalChatExtensions
{
    public static WebApplicationBuilder AddLocalChat(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<LocalChatOptions>(LocalChatOptions.Section);
        builder.Services.AddSingleton<BotApiStandIn>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BotApiStandIn>());
        builder.Services.AddSingleton<ChatTranscript>();
        return builder;
    }

    public static WebApplication MapLocalChat(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapChatPage();
        return app;
    }
}
