using Amazon.S3;
using Microsoft.Extensions.Options;
using TelegramAI.Aws.S3;
using TelegramAI.Contracts.Configuration;
using TelegramAI.Tests.Support;
using TelegramAI.Worker.Downloads;
using TelegramAI.Worker.Storage;

namespace TelegramAI.Tests.Worker;

/// <summary>The video bucket against moto, with files large enough to go up in parts.</summary>
public sealed class VideoStoreTests(MotoFixture moto) : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly IAmazonS3 _s3 = S3ClientFactory.Create(moto.Settings());
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_file_of_several_parts_is_stored_byte_for_byte_with_its_metadata()
    {
        var (store, bucket) = await NewStoreAsync();
        var bytes = new byte[(int)(2.5 * VideoStore.PartSize)];
        Random.Shared.NextBytes(bytes);
        var video = Video(bytes, title: "Grüße, a title");

        await store.UploadAsync("videos/generic/big.mp4", video, Ct);

        using var stored = await _s3.GetObjectAsync(bucket, "videos/generic/big.mp4", Ct);
        using var copy = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(copy, Ct);
        copy.ToArray().ShouldBe(bytes);
        stored.Headers.ContentType.ShouldBe(VideoStore.ContentType);
        Uri.UnescapeDataString(stored.Metadata[VideoStore.TitleMetadata]).ShouldBe("Grüße, a title");
        (await store.FindAsync("videos/generic/big.mp4", Ct)).ShouldBe(bytes.LongLength);
    }

    [Fact]
    public async Task A_cancelled_upload_leaves_neither_an_object_nor_an_unfinished_upload()
    {
        var (store, bucket) = await NewStoreAsync();
        var video = Video(new byte[(int)(3 * VideoStore.PartSize)], title: "cancelled");
        // Whenever the cancellation lands (before, between or during parts), nothing may be left behind.
        using var cancelled = new CancellationTokenSource(TimeSpan.FromMilliseconds(30));

        await Should.ThrowAsync<OperationCanceledException>(() => store.UploadAsync("videos/generic/cut.mp4", video, cancelled.Token));

        (await store.FindAsync("videos/generic/cut.mp4", Ct)).ShouldBeNull();
        ((await _s3.ListMultipartUploadsAsync(bucket, Ct)).MultipartUploads ?? []).ShouldBeEmpty();
    }

    private async Task<(VideoStore Store, string Bucket)> NewStoreAsync()
    {
        var bucket = MotoFixture.UniqueName("store");
        await _s3.PutBucketAsync(bucket, Ct);
        return (new VideoStore(_s3, Options.Create(new StorageOptions { Bucket = bucket })), bucket);
    }

    private DownloadedVideo Video(byte[] bytes, string title)
    {
        var path = Path.Combine(_folder.FullPath, Guid.NewGuid().ToString("N") + ".mp4");
        File.WriteAllBytes(path, bytes);
        var identity = VideoIdentity.ForLink("http://127.0.0.1/" + title);
        return new DownloadedVideo(path, bytes.LongLength, new VideoInfo(identity, "generic", identity.Id, title, TimeSpan.FromSeconds(3), "http://127.0.0.1/v.mp4", bytes.LongLength, true, false));
    }

    public void Dispose()
    {
        _s3.Dispose();
        _folder.Dispose();
    }
}

public sealed class VideoStoreMetadataTests
{
    [Fact]
    public void A_title_is_cut_to_its_encoded_budget_between_whole_characters()
    {
        var title = string.Concat(Enumerable.Repeat("動画😀", 100));

        var encoded = VideoStore.Encode(title, 100);

        encoded.Length.ShouldBeLessThanOrEqualTo(100);
        var decoded = Uri.UnescapeDataString(encoded);
        title.ShouldStartWith(decoded);
        decoded.ShouldNotContain('\uFFFD');
    }
}
