using Amazon;
using Amazon.S3;
using TelegramAI.Aws.Runtime;

namespace TelegramAI.Aws.S3;

/// <summary>The official S3 client (AWSSDK.S3), configured from the same settings as our own clients.</summary>
public static class S3ClientFactory
{
    public static IAmazonS3 Create(AwsClientSettings settings)
    {
        var config = new AmazonS3Config
        {
            RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region),
            MaxErrorRetry = settings.MaxErrorRetry,
        };
        if (settings.HasEndpointOverride)
        {
            // Emulators serve every bucket on one host: path-style addressing, the emulator's own scheme.
            config.ServiceURL = settings.EndpointFor(AwsService.S3).ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = settings.Region;
        }

        return new AmazonS3Client(settings.Credentials, config);
    }
}
