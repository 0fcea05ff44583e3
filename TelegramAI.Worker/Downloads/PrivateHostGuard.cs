using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Contracts.Links;

namespace TelegramAI.Worker.Downloads;

/// <summary>
/// Refuses links to loopback, private and link-local addresses (the instance metadata service among them)
/// unless <c>Downloads__AllowPrivateHosts</c> is true. The Bot checks links too; this is the second line,
/// since the Worker is the one that fetches them. It checks the link and the page yt-dlp resolved it to;
/// redirects yt-dlp follows later are not seen here.
/// </summary>
public sealed class PrivateHostGuard(IOptions<DownloadsOptions> options)
{
    public const string Refusal = "Links to local or private network addresses can't be downloaded.";

    public async Task EnsureAllowedAsync(string url, CancellationToken cancellationToken)
    {
        if (options.Value.AllowPrivateHosts || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return;

        if (HostSafety.IsPrivate(uri))
            throw VideoDownloadException.Permanent(FailureReason.InvalidRequest, Refusal, $"'{uri.Host}' names a private host.");

        IPAddress[] addresses;
        if (IPAddress.TryParse(uri.DnsSafeHost, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(uri.DnsSafeHost, cancellationToken);
            }
            catch (SocketException)
            {
                // A name that does not resolve leads nowhere; yt-dlp reports it in its own words.
                return;
            }
        }

        if (addresses.Any(HostSafety.IsPrivate))
            throw VideoDownloadException.Permanent(FailureReason.InvalidRequest, Refusal, $"'{uri.Host}' resolves to {string.Join(", ", addresses.AsEnumerable())}.");
    }
}
