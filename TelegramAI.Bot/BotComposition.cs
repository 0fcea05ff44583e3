using TelegramAI.Aws;
using TelegramAI.Bot.Configuration;
using TelegramAI.Bot.Conversation;
using TelegramAI.Bot.Queues;
using TelegramAI.Bot.Receiving;
using TelegramAI.Bot.Reporting;
using TelegramAI.Bot.State;
using TelegramAI.Contracts.Configuration;
using TelegramAI.Bot.Telegram;

namespace TelegramAI.Bot;

/// <summary>
/// The bot's parts and how they connect. The route of one video: <see cref="UpdateReceiver"/> (or the
/// <see cref="WebhookEndpoint"/>) → <see cref="UpdateHandler"/> (<see cref="MessageTriage"/>,
/// <see cref="LinkExtractor"/>, <see cref="ChatRateLimiter"/>, <see cref="UpdateLedger"/>) → jobs queue →
/// worker → results queue → <see cref="ResultReporter"/> → <see cref="ResultHandler"/> → the user.
/// </summary>
public static class BotComposition
{
    public static WebApplicationBuilder AddBot(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<BotOptions>(BotOptions.Section);
        builder.AddValidatedOptions<QueuesOptions>(QueuesOptions.Section);
        builder.Services.AddOptions<LinkPolicyOptions>().BindConfiguration(LinkPolicyOptions.Section);
        builder.Services.AddTelegramBotClient(builder.Configuration);
        builder.Services.AddAwsClients(builder.Configuration);

        // Resolved first: the loops below start only once both queues are known to exist.
        builder.Services.AddSingleton<BotQueues>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BotQueues>());
        builder.Services.AddHostedService<BotTokenCheck>();

        builder.Services.AddSingleton<ChatRateLimiter>();
        builder.Services.AddSingleton<MessageTriage>();
        builder.Services.AddSingleton<UpdateLedger>();
        builder.Services.AddSingleton<UpdateHandler>();
        builder.Services.AddSingleton<WebhookDeliveries>();
        builder.Services.AddHostedService<UpdateReceiver>();
        builder.Services.AddHostedService<WebhookRegistration>();

        builder.Services.AddSingleton<FinishedJobs>();
        builder.Services.AddSingleton<ProgressThrottle>();
        builder.Services.AddSingleton<ResultHandler>();
        builder.Services.AddHostedService<ResultReporter>();
        return builder;
    }

    /// <summary>Maps the webhook endpoint; it answers 404 unless <c>Bot__Mode</c> is <c>Webhook</c>.</summary>
    public static WebApplication MapBot(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Read raw: the options are validated when the host starts, after routes are mapped.
        app.MapTelegramWebhook(app.Configuration[$"{BotOptions.Section}:{nameof(BotOptions.WebhookPath)}"] is { Length: > 0 } path
            ? path
            : new BotOptions().WebhookPath);
        return app;
    }
}
