using Amazon.S3;
using Microsoft.Extensions.Options;
using TelegramAI.Aws.Runtime;
using TelegramAI.Aws.S3;
using TelegramAI.Bot.Configuration;

namespace TelegramAI.Bot.Reporting;

/// <summary>A presigned link to a stored video and how long it really works.</summary>
public sealed record DownloadLink(string Url, TimeSpan Lifetime);

/// <summary>
/// Presigned S3 links to stored videos, honest about their lifetime. A presigned link works only while the
/// credentials that signed it do: production signs with the instance role's temporary credentials, which expire
/// within hours, long before <c>Bot__LinkLifetime</c> (a day). So a link is signed for the lesser of the two, less a
/// minute, and the message says how long that is (the README says why this and not a longer-lived link). Credentials
/// without an expiry (a key pair) sign for the whole <c>Bot__LinkLifetime</c>.
/// </summary>
public sealed class DownloadLinks(IAmazonS3 s3, AwsClientSettings aws, IOptions<BotOptions> options, TimeProvider time)
{
    /// <summary>Left between a link's end and its credentials' end: clocks differ, and a link is not clicked the instant it is sent.</summary>
    private static readonly TimeSpan CredentialsMargin = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan SigningSlack = TimeSpan.FromMilliseconds(900);

    /// <summary>The shortest link worth sending; the SDK refreshes credentials well before they get this close.</summary>
    private static readonly TimeSpan ShortestLifetime = TimeSpan.FromMinutes(1);

    public async Task<DownloadLink> CreateAsync(string bucket, string key)
    {
        // Refreshes the credentials when they are near their end, so the link gets as much life as they can give.
        await aws.Credentials.GetCredentialsAsync();
        var lifetime = options.Value.LinkLifetime;
        if (aws.Credentials.Expiration is { } expires)
        {
            var credentialsLeft = new DateTimeOffset(DateTime.SpecifyKind(expires, DateTimeKind.Utc)) - time.GetUtcNow() - CredentialsMargin;
            lifetime = TimeSpan.FromTicks(Math.Max(ShortestLifetime.Ticks, Math.Min(lifetime.Ticks, credentialsLeft.Ticks)));
        }

        // Whole seconds, as X-Amz-Expires counts them from the instant the SDK signs, a moment after now: the link
        // is asked for a fraction of a second more, so it never comes out a second shorter than said.
        lifetime = TimeSpan.FromSeconds(Math.Floor(lifetime.TotalSeconds));
        return new DownloadLink(await s3.PresignGetAsync(bucket, key, lifetime + SigningSlack, time), lifetime);
    }
}
