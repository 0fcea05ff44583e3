using TelegramAI.Worker.Downloads;

namespace TelegramAI.Tests.Downloads;

public sealed class VideoIdentityTests
{
    [Theory]
    [InlineData("HTTP://Example.COM/Video.mp4", "http://example.com/Video.mp4")]
    [InlineData("https://example.com:443/a.mp4", "https://example.com/a.mp4")]
    [InlineData("http://example.com:80/a.mp4", "http://example.com/a.mp4")]
    [InlineData("http://example.com:8080/a.mp4", "http://example.com:8080/a.mp4")]
    [InlineData("https://example.com/a.mp4#t=30", "https://example.com/a.mp4")]
    [InlineData("https://example.com/a.mp4?b=2&a=1#x", "https://example.com/a.mp4?b=2&a=1")]
    [InlineData("https://user:secret@example.com/a.mp4", "https://example.com/a.mp4")]
    [InlineData("https://example.com", "https://example.com/")]
    public void Urls_are_normalised(string url, string expected) =>
        VideoIdentity.NormaliseUrl(url).ShouldBe(expected);

    [Fact]
    public void Links_to_the_same_file_written_differently_have_one_identity() =>
        VideoIdentity.ForLink("HTTPS://CDN.example.com:443/v.mp4#start")
            .ShouldBe(VideoIdentity.ForLink("https://cdn.example.com/v.mp4"));

    [Fact]
    public void A_site_video_is_named_by_its_extractor_and_id()
    {
        var identity = VideoIdentity.From("Youtube", "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ");

        identity.ShouldBe(new VideoIdentity("youtube", "dQw4w9WgXcQ"));
        identity.ToS3Key().ShouldBe("videos/youtube/dQw4w9WgXcQ.mp4");
    }

    [Fact]
    public void A_generic_video_is_named_by_the_hash_of_its_link_not_by_its_file_name()
    {
        var first = VideoIdentity.From("Generic", "video", "https://one.example/video.mp4");
        var second = VideoIdentity.From("Generic", "video", "https://two.example/video.mp4");

        first.ShouldNotBe(second);
        first.Extractor.ShouldBe("generic");
        first.Id.ShouldMatch("^[0-9a-f]{64}$");
        first.ToS3Key().ShouldBe($"videos/generic/{first.Id}.mp4");
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("../../etc")]
    [InlineData("id with spaces")]
    [InlineData("ünïcödé")]
    public void Unsafe_ids_become_safe_keys(string id) =>
        new VideoIdentity("vimeo", id).ToS3Key().ShouldMatch("^videos/vimeo/[A-Za-z0-9_-][A-Za-z0-9._-]*\\.mp4$");

    [Fact]
    public void Ids_that_clean_up_alike_keep_different_keys() =>
        new VideoIdentity("x", "a/b").ToS3Key().ShouldNotBe(new VideoIdentity("x", "a_b").ToS3Key());
}
