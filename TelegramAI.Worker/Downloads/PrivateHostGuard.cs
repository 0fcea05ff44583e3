using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using TelegramAI.Contracts.Jobs;

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

        if (addresses.Any(IsPrivate))
            throw VideoDownloadException.Permanent(FailureReason.InvalidRequest, Refusal, $"'{uri.Host}' resolves to {string.Join(", ", addresses.AsEnumerable())}.");
    }

    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
            return true;

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;

        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,
            100 => b[1] is >= 64 and <= 127,  // carrier-grade NAT
            169 => b[1] == 254,               // link-local, including 169.254.169.254
            172 => b[1] is >= 16 and <= 31,
            192 => b[1] == 168,
            >= 224 => true,                   // multicast and reserved
            _ => false,
        };
    }
}
