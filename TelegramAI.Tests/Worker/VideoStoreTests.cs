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

    private readonly IAmazonS3 _s3 = moto.Settings().CreateS3Client();
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

    [Fact]
    public async Task Parts_of_a_growing_file_go_up_before_it_is_finished_and_the_object_is_the_finished_file()
    {
        var (store, bucket) = await NewStoreAsync();
        var growing = new GrowingFile(_folder.FullPath);
        var bytes = RandomBytes(4.5);
        await using var upload = await store.StartUploadAsync("videos/generic/growing.mp4", Info("growing"), Ct);
        var writing = new TaskCompletionSource();

        await growing.AppendAsync(bytes.AsMemory(0, (int)(3 * VideoStore.PartSize)));
        var following = upload.FollowAsync(growing.PartialPath, writing.Task, Ct);
        await Condition.WaitUntilAsync(async () => await _s3.PartsUnderWayAsync(bucket) == 3, "the three written parts to be in S3");
        await growing.AppendAsync(bytes.AsMemory((int)(3 * VideoStore.PartSize)));
        var finished = growing.Finish();
        writing.SetResult();
        await following;
        await upload.CompleteAsync(finished, Ct);

        (await StoredBytesAsync(bucket, "videos/generic/growing.mp4")).ShouldBe(bytes);
        ((await _s3.ListMultipartUploadsAsync(bucket, Ct)).MultipartUploads ?? []).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_file_rewritten_after_its_parts_went_up_is_stored_as_it_ends()
    {
        var (store, bucket) = await NewStoreAsync();
        var growing = new GrowingFile(_folder.FullPath);
        await using var upload = await store.StartUploadAsync("videos/generic/restarted.mp4", Info("restarted"), Ct);
        var writing = new TaskCompletionSource();

        await growing.AppendAsync(RandomBytes(2));
        var following = upload.FollowAsync(growing.PartialPath, writing.Task, Ct);
        await Condition.WaitUntilAsync(async () => await _s3.PartsUnderWayAsync(bucket) == 2, "both written parts to be in S3");
        // As yt-dlp does when a server will not resume: the file starts over, and this time differs.
        var rewritten = RandomBytes(1.5);
        growing.Truncate();
        await growing.AppendAsync(rewritten);
        var finished = growing.Finish();
        writing.SetResult();
        await following;
        await upload.CompleteAsync(finished, Ct);

        (await StoredBytesAsync(bucket, "videos/generic/restarted.mp4")).ShouldBe(rewritten);
    }

    [Fact]
    public async Task A_growing_file_whose_writer_fails_leaves_neither_an_object_nor_an_unfinished_upload()
    {
        var (store, bucket) = await NewStoreAsync();
        var growing = new GrowingFile(_folder.FullPath);
        var writing = new TaskCompletionSource();
        await using (var upload = await store.StartUploadAsync("videos/generic/failed.mp4", Info("failed"), Ct))
        {
            await growing.AppendAsync(RandomBytes(1.5));
            var following = upload.FollowAsync(growing.PartialPath, writing.Task, Ct);
            await Condition.WaitUntilAsync(async () => await _s3.PartsUnderWayAsync(bucket) == 1, "the written part to be in S3");
            writing.SetException(new IOException("the download broke off"));
            await following;
        }

        (await store.FindAsync("videos/generic/failed.mp4", Ct)).ShouldBeNull();
        ((await _s3.ListMultipartUploadsAsync(bucket, Ct)).MultipartUploads ?? []).ShouldBeEmpty();
    }

    [Fact]
    public void An_upload_describes_a_video_only_with_the_same_metadata()
    {
        var info = Info("same");

        VideoStore.Metadata(info).ShouldBe(VideoStore.Metadata(info with { ApproximateSizeBytes = 1 }));
        VideoStore.Metadata(info).ShouldNotBe(VideoStore.Metadata(info with { Duration = null }));
    }

    private async Task<byte[]> StoredBytesAsync(string bucket, string key)
    {
        using var stored = await _s3.GetObjectAsync(bucket, key, Ct);
        using var copy = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    private static byte[] RandomBytes(double parts)
    {
        var bytes = new byte[(int)(parts * VideoStore.PartSize)];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private static VideoInfo Info(string title)
    {
        var identity = VideoIdentity.ForLink("http://127.0.0.1/" + title);
        return new VideoInfo(identity, "generic", identity.Id, title, TimeSpan.FromSeconds(3), "http://127.0.0.1/v.mp4", null, true, false, "mp4");
    }

    /// <summary>A download as yt-dlp writes one: appended to a .part file, renamed when done.</summary>
    private sealed class GrowingFile(string folder)
    {
        private readonly string _finalPath = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".mp4");

        public string PartialPath => _finalPath + ".part";

        public async Task AppendAsync(ReadOnlyMemory<byte> bytes)
        {
            await using var file = new FileStream(PartialPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            await file.WriteAsync(bytes, Ct);
        }

        public void Truncate()
        {
            using var file = new FileStream(PartialPath, FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }

        public string Finish()
        {
            File.Move(PartialPath, _finalPath);
            return _finalPath;
        }
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
