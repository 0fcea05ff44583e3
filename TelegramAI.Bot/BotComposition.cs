using TelegramAI.Aws;
using TelegramAI.Bot.Configuration;
using TelegramAI.Bot.Conversation;
using TelegramAI.Bot.Outbound;
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
/// <see cref="LinkExtractor"/>, <see cref="ChatRateLimiter"/>, <see cref="UpdateLedger"/>) → jobs queue, and the
/// status reply through <see cref="ReplyDelivery"/> and the <see cref="TelegramOutbox"/> → worker → results queue →
/// <see cref="ResultReporter"/> → <see cref="ResultHandler"/> (<see cref="JobBook"/>) → the outbox → the user.
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
        builder.Services.AddSingleton<BotIdentity>();
        builder.Services.AddHostedService<BotTokenCheck>();

        // The bot's memory: replies owed, jobs and their status messages, chats gone or moved.
        builder.Services.AddSingleton<BotStateStore>();
        builder.Services.AddSingleton(services => services.GetRequiredService<BotStateStore>().Chats);

        // Everything the bot writes to a chat goes through the outbox; it stops after the loops that feed it.
        builder.Services.AddSingleton<TelegramOutbox>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TelegramOutbox>());

        builder.Services.AddSingleton<ChatRateLimiter>();
        builder.Services.AddSingleton<MessageTriage>();
        builder.Services.AddSingleton<ReplyDelivery>();
        builder.Services.AddSingleton<UpdateHandler>();
        builder.Services.AddSingleton<WebhookDeliveries>();
        builder.Services.AddHostedService<UnfinishedUpdates>();
        builder.Services.AddHostedService<UpdateReceiver>();
        builder.Services.AddHostedService<WebhookRegistration>();

        builder.Services.AddSingleton<ProgressThrottle>();
        builder.Services.AddSingleton<DownloadLinks>();
        builder.Services.AddSingleton<VideoDelivery>();
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
