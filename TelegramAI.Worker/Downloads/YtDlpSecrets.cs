namespace TelegramAI.Worker.Downloads;

/// <summary>
/// Keeps the proxy, which may hold a password, out of what the worker logs: the arguments it runs yt-dlp
/// with and yt-dlp's own output, which can quote the proxy when it cannot reach it. The cookies never
/// need this: the worker only copies their file, and yt-dlp does not print them.
/// </summary>
internal sealed class YtDlpSecrets(DownloadsOptions options)
{
    public const string Mask = "***";

    // Shorter fragments would mask ordinary words.
    private const int MinimumSecretLength = 4;

    private readonly string[] _secrets = SecretsOf(options.Proxy);

    public string Redact(string text)
    {
        foreach (var secret in _secrets)
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
    }

    public IEnumerable<string> Redact(IEnumerable<string> lines) => _secrets.Length == 0 ? lines : lines.Select(Redact);

    /// <summary>The whole proxy URL, its user information, and its password alone (escaped and not), longest first.</summary>
    private static string[] SecretsOf(string? proxy)
    {
        if (string.IsNullOrEmpty(proxy))
            return [];

        var secrets = new List<string> { proxy };
        if (Uri.TryCreate(proxy, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0)
        {
            secrets.Add(uri.UserInfo);
            secrets.Add(Uri.UnescapeDataString(uri.UserInfo));
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                var password = uri.UserInfo[(colon + 1)..];
                secrets.Add(password);
                secrets.Add(Uri.UnescapeDataString(password));
            }
        }

        return [.. secrets.Where(s => s.Length >= MinimumSecretLength).Distinct().OrderByDescending(s => s.Length)];
    }
}
