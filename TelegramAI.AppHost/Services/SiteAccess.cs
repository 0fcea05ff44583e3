using Microsoft.Extensions.Configuration;
using TelegramAI.Worker.Downloads;

namespace TelegramAI.AppHost.Services;

/// <summary>
/// yt-dlp's cookies file and proxy for the local workers, for sites that refuse this machine ("Sign in to
/// confirm you're not a bot"): taken from the AppHost's own <c>Downloads__CookiesFile</c> and
/// <c>Downloads__Proxy</c> (environment or user secrets) when set, as secret parameters, so the dashboard
/// hides them as it hides the bot token. Null when not set: the workers then run without them.
/// </summary>
public sealed record SiteAccess(IResourceBuilder<ParameterResource>? CookiesFile, IResourceBuilder<ParameterResource>? Proxy)
{
    public static SiteAccess AddTo(IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return new SiteAccess(Parameter(builder, "downloads-cookies-file", nameof(DownloadsOptions.CookiesFile)), Parameter(builder, "downloads-proxy", nameof(DownloadsOptions.Proxy)));
    }

    private static IResourceBuilder<ParameterResource>? Parameter(IDistributedApplicationBuilder builder, string name, string member) =>
        builder.Configuration[$"{DownloadsOptions.Section}:{member}"] is { Length: > 0 } value
            ? builder.AddParameter(name, value, secret: true)
            : null;
}
