using Amazon;
using Amazon.Runtime;
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

            // The SDK's default adds a CRC32 of every upload on top of SigV4, which already signs the
            // payload (plain http) or rides on TLS (https); for gigabyte videos it doubled upload time.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
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
