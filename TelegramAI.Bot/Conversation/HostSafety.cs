using System.Net;
using System.Net.Sockets;

namespace TelegramAI.Bot.Conversation;

/// <summary>
/// Whether a link points inside the machine or its network: a download from there could read the
/// cloud metadata service or internal endpoints on the user's behalf. This checks what the link
/// says (literal addresses in any form .NET's URI parser accepts, and names that always mean the
/// local host or network); a public name that resolves to a private address is the worker's to
/// refuse when it connects.
/// </summary>
public static class HostSafety
{
    private static readonly string[] LocalNames = ["localhost", "ip6-localhost", "ip6-loopback", "localhost.localdomain"];

    // Suffixes reserved for local names: RFC 6761 (.localhost), mDNS (.local), ICANN's private-use .internal, RFC 8375.
    private static readonly string[] LocalSuffixes = [".localhost", ".local", ".internal", ".home.arpa", ".localdomain"];

    public static bool IsPrivate(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            // DnsSafeHost drops IPv6 brackets and keeps a zone id, which Parse accepts.
            return IPAddress.TryParse(uri.DnsSafeHost, out var address) && IsPrivate(address);
        }

        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        return host.Length == 0
            || LocalNames.Contains(host)
            || LocalSuffixes.Any(suffix => host.EndsWith(suffix, StringComparison.Ordinal))
            // A lone number or hex word is an address to some resolvers (http://2130706433/ is 127.0.0.1).
            || !host.Contains('.', StringComparison.Ordinal) && (host.All(char.IsAsciiDigit) || host.StartsWith("0x", StringComparison.Ordinal));
    }

    public static bool IsPrivate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return IPAddress.IsLoopback(address)
                || address.Equals(IPAddress.IPv6Any)
                || address.IsIPv6LinkLocal
                || address.IsIPv6SiteLocal
                || address.IsIPv6UniqueLocal
                || address.IsIPv6Multicast;
        }

        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,                      // "this network", private, loopback
            100 => b[1] is >= 64 and <= 127,             // carrier-grade NAT
            169 => b[1] == 254,                          // link-local, cloud metadata
            172 => b[1] is >= 16 and <= 31,              // private
            192 => b[1] == 168 || b[1] == 0 && b[2] == 0, // private, IETF protocol assignments
            198 => b[1] is 18 or 19,                     // benchmarking
            >= 224 => true,                              // multicast, reserved, broadcast
            _ => false,
        };
    }
}
