using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TelegramAI.Aws.Signing;

/// <summary>A request as Signature Version 4 sees it: the parts that go into the canonical request.</summary>
public sealed record SignableRequest(
    string Method,
    string Host,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string PayloadHash);

/// <summary>
/// AWS Signature Version 4 for header-signed requests
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).
/// </summary>
public static class SigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>
    /// Returns the headers to add: <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> when a session token
    /// is given, and <c>Authorization</c>. The date and token headers are signed too.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Sign(
        SignableRequest request, AwsSigningCredentials credentials, string region, string service, DateTimeOffset now)
    {
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var added = new List<KeyValuePair<string, string>> { new("X-Amz-Date", amzDate) };
        if (!string.IsNullOrEmpty(credentials.SessionToken))
        {
            added.Add(new("X-Amz-Security-Token", credentials.SessionToken));
        }

        var headers = request.Headers.Concat(added).Append(new("host", request.Host)).ToList();
        var canonical = CanonicalRequest(request with { Headers = headers }, out var signedHeaders);
        var scope = $"{amzDate[..8]}/{region}/{service}/aws4_request";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var signature = Hex(HMACSHA256.HashData(SigningKey(credentials.SecretKey, amzDate[..8], region, service), Encoding.UTF8.GetBytes(stringToSign)));

        added.Add(new("Authorization", $"{Algorithm} Credential={credentials.AccessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}"));
        return added;
    }

    public static string CanonicalRequest(SignableRequest request, out string signedHeaders)
    {
        var headers = request.Headers
            .GroupBy(h => h.Key.ToLowerInvariant(), h => CollapseSpaces(h.Value))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        signedHeaders = string.Join(';', headers.Select(g => g.Key));

        var builder = new StringBuilder()
            .Append(request.Method.ToUpperInvariant()).Append('\n')
            .Append(CanonicalPath(request.Path)).Append('\n')
            .Append(CanonicalQuery(request.Query)).Append('\n');
        foreach (var header in headers)
        {
            builder.Append(header.Key).Append(':').Append(string.Join(',', header)).Append('\n');
        }

        return builder.Append('\n').Append(signedHeaders).Append('\n').Append(request.PayloadHash).ToString();
    }

    public static string PayloadHash(ReadOnlySpan<byte> payload) => Hex(SHA256.HashData(payload));

    /// <summary>RFC 3986 encoding as SigV4 wants it: unreserved characters stay, everything else is %XX in upper case.</summary>
    public static string UriEncode(string value, bool encodeSlash = true)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (c == '/' && !encodeSlash))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string CanonicalPath(string path) =>
        string.IsNullOrEmpty(path) ? "/" : UriEncode(Uri.UnescapeDataString(path), encodeSlash: false);

    private static string CanonicalQuery(IReadOnlyList<KeyValuePair<string, string>> query) =>
        string.Join('&', query
            .Select(p => (Key: UriEncode(p.Key), Value: UriEncode(p.Value)))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));

    private static byte[] SigningKey(string secretKey, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    private static string CollapseSpaces(string value) =>
        string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

/// <summary>The key material one request is signed with (resolved from the credential chain per call).</summary>
public sealed record AwsSigningCredentials(string AccessKey, string SecretKey, string? SessionToken)
{
    // Records print their members; a secret must never reach a log line.
    public override string ToString() => $"AwsSigningCredentials {{ AccessKey = {AccessKey}, SecretKey = ***, SessionToken = {(SessionToken is null ? "none" : "***")} }}";
}
