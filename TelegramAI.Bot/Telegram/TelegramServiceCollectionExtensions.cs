using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace TelegramAI.Bot.Telegram;

public static class TelegramServiceCollectionExtensions
{
    /// <summary>The IHttpClientFactory name of the Bot API client.</summary>
    public const string HttpClientName = "Telegram";

    /// <summary>
    /// Registers Telegram.Bot's <see cref="ITelegramBotClient"/> configured from the <c>Telegram</c> section,
    /// validated at start (a wrong key stops the service with one line naming it). Its HttpClient has
    /// IHttpClientFactory's request loggers removed, because they write request URLs, which hold the token;
    /// <see cref="TelegramCallLogging"/> logs the calls by method name instead. Each call's deadline is
    /// <see cref="TelegramCallDeadline"/>'s. No resilience handler: every Bot API call is a POST that must not
    /// be repeated blindly, and Telegram.Bot already repeats a 429 itself (see <see cref="TelegramOptions.ToClientOptions"/>).
    /// </summary>
    public static IHttpClientBuilder AddTelegramBotClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<TelegramOptions>()
            .Bind(configuration.GetSection(TelegramOptions.Section))
            .Validate(options =>
            {
                // Throws ConfigurationException, whose message names the key, instead of a generic failure.
                options.Validate();
                return true;
            })
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddTransient<TelegramCallLogging>();
        services.TryAddTransient<TelegramCallDeadline>();

        return services.AddHttpClient(HttpClientName)
            .ConfigureHttpClient(httpClient => httpClient.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .AddHttpMessageHandler<TelegramCallLogging>()
            .AddHttpMessageHandler<TelegramCallDeadline>()
            .AddTypedClient<ITelegramBotClient>((httpClient, provider) =>
            {
                var options = provider.GetRequiredService<IOptions<TelegramOptions>>().Value;
                var client = new TelegramBotClient(options.ToClientOptions(), httpClient);
                client.OnMakingApiRequest += TelegramCallDeadline.NoteLongPollWait;
                return client;
            });
    }
}
