using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TelegramAI.Telegram;

public static class TelegramServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ITelegramBotClient"/> configured from the <c>Telegram</c> section, validated at start.
    /// IHttpClientFactory's own request logging is removed because it logs request URIs, which hold the
    /// token; the client logs its calls itself without them. Returns the builder for adding handlers.
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

        return services
            .AddHttpClient<ITelegramBotClient, TelegramBotClient>((httpClient, provider) => new TelegramBotClient(
                provider.GetRequiredService<IOptions<TelegramOptions>>().Value,
                httpClient,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<TelegramBotClient>>()))
            .ConfigureHttpClient(httpClient => httpClient.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
    }
}
