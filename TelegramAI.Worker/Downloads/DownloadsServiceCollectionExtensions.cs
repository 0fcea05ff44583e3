using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TelegramAI.Worker.Downloads;

public static class DownloadsServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IVideoDownloader"/> and <see cref="PrivateHostGuard"/> with its settings from the <c>Downloads</c> section.</summary>
    public static IServiceCollection AddVideoDownloads(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DownloadsOptions>()
            .Bind(configuration.GetSection(DownloadsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IVideoDownloader, YtDlpVideoDownloader>();
        services.AddSingleton<PrivateHostGuard>();
        return services;
    }
}
