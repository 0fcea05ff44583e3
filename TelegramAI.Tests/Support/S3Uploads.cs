using Amazon.S3;
using Amazon.S3.Model;

namespace TelegramAI.Tests.Support;

public static class S3Uploads
{
    /// <summary>The parts S3 holds of the bucket's multipart uploads still under way.</summary>
    public static async Task<int> PartsUnderWayAsync(this IAmazonS3 s3, string bucket)
    {
        var ct = TestContext.Current.CancellationToken;
        var parts = 0;
        foreach (var upload in (await s3.ListMultipartUploadsAsync(bucket, ct)).MultipartUploads ?? [])
        {
            var listed = await s3.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = upload.Key, UploadId = upload.UploadId }, ct);
            parts += listed.Parts?.Count ?? 0;
        }

        return parts;
    }
}
