using Amazon.S3;
using Amazon.S3.Model;

namespace TelegramAI.Aws.S3;

public static class S3Links
{
    /// <summary>
    /// A presigned GET link to an object. The scheme follows the client's endpoint, so an emulator on
    /// plain http gets working links too (the SDK would otherwise always write https).
    /// </summary>
    public static Task<string> PresignGetAsync(this IAmazonS3 s3, string bucket, string key, TimeSpan lifetime, TimeProvider? time = null) =>
        s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime.Add(lifetime),
            Protocol = s3.Config.ServiceURL?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS,
        });
}
