using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace TelegramAI.Tests.Support;

/// <summary>
/// Temporary credentials of an assumed role, from moto's STS, refreshed by the SDK as they near their end: what an
/// EC2 instance role gives a service in production (through the instance metadata service), with a lifetime the
/// test chooses (STS's shortest is 15 minutes).
/// </summary>
public sealed class StsRoleCredentials(IAmazonSecurityTokenService sts, TimeSpan lifetime) : RefreshingAWSCredentials
{
    protected override CredentialsRefreshState GenerateNewCredentials() => GenerateNewCredentialsAsync().GetAwaiter().GetResult();

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var response = await sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::123456789012:role/telegramai-bot",
            RoleSessionName = "bot",
            DurationSeconds = (int)lifetime.TotalSeconds,
        });
        var credentials = response.Credentials;
        return new CredentialsRefreshState(
            new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
            credentials.Expiration ?? throw new InvalidOperationException("STS gave credentials without an expiration."));
    }
}
