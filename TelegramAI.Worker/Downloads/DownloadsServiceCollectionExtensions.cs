using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TelegramAI.Worker.Downloads;

public static class DownloadsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IVideoDownloader"/> and <see cref="PrivateHostGuard"/> with their validated settings
    /// from the <c>Downloads</c> section, and the start-up check of the yt-dlp version (before any job is taken).
    /// </summary>
    public static IHostApplicationBuilder AddVideoDownloads(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<DownloadsOptions>(DownloadsOptions.Section);
        builder.Services.AddSingleton<IVideoDownloader, YtDlpVideoDownloader>();
        builder.Services.AddSingleton<PrivateHostGuard>();
        builder.Services.AddHostedService<YtDlpVersionCheck>();
        return builder;
    }
}
