using System.Text.Json;
using TelegramAI.Worker.Downloads;

namespace TelegramAI.Tests.Downloads;

public sealed class YtDlpInfoJsonTests
{
    [Fact]
    public void A_search_without_results_has_no_video()
    {
        using var json = JsonDocument.Parse("""{"_type": "playlist", "id": "nothing", "entries": []}""");

        YtDlpInfoJson.FirstVideo(json.RootElement).ShouldBeNull();
    }

    [Fact]
    public void A_search_result_is_its_first_entry()
    {
        using var json = JsonDocument.Parse(
            """{"_type": "playlist", "entries": [{"id": "first", "extractor_key": "Youtube", "webpage_url": "https://www.youtube.com/watch?v=first"}]}""");

        var info = YtDlpInfoJson.ToVideoInfo(YtDlpInfoJson.FirstVideo(json.RootElement).ShouldNotBeNull());

        info.Id.ShouldBe("first");
        info.Identity.ShouldBe(new VideoIdentity("youtube", "first"));
    }

    [Fact]
    public void A_site_video_gives_its_details_and_the_size_of_both_merged_formats()
    {
        using var json = JsonDocument.Parse(
            """
            {
              "id": "abc", "title": "A talk", "duration": 61.5, "extractor": "youtube", "extractor_key": "Youtube",
              "webpage_url": "https://www.youtube.com/watch?v=abc", "live_status": "not_live",
              "requested_formats": [{"filesize": 1000}, {"filesize_approx": 250}]
            }
            """);

        var info = YtDlpInfoJson.ToVideoInfo(json.RootElement);

        info.ShouldBe(new VideoInfo(
            new VideoIdentity("youtube", "abc"), "Youtube", "abc", "A talk", TimeSpan.FromSeconds(61.5),
            "https://www.youtube.com/watch?v=abc", 1250, IsDirectMediaLink: false, IsLive: false));
    }

    [Theory]
    [InlineData("""{"id": "a", "webpage_url": "https://x.example/a", "ext": "mp4"}""", "mp4")]
    [InlineData("""{"id": "a", "webpage_url": "https://x.example/a", "ext": "mp4", "requested_formats": [{}, {}]}""", null)]
    [InlineData("""{"id": "a", "webpage_url": "https://x.example/a", "ext": "../mp4"}""", null)]
    [InlineData("""{"id": "a", "webpage_url": "https://x.example/a"}""", null)]
    public void Only_a_single_format_with_a_plain_extension_downloads_as_one_growing_file(string text, string? expected)
    {
        using var json = JsonDocument.Parse(text);

        YtDlpInfoJson.ToVideoInfo(json.RootElement).OneFileExtension.ShouldBe(expected);
    }

    [Fact]
    public void A_size_is_unknown_when_one_merged_format_has_none()
    {
        using var json = JsonDocument.Parse(
            """{"id": "a", "webpage_url": "https://x.example/a", "requested_formats": [{"filesize": 1000}, {}]}""");

        YtDlpInfoJson.ToVideoInfo(json.RootElement).ApproximateSizeBytes.ShouldBeNull();
    }

    [Theory]
    [InlineData("""{"id": "a", "webpage_url": "https://x.example/a", "is_live": true}""")]
    [InlineData("""{"id": "a", "webpage_url": "https://x.example/a", "live_status": "is_upcoming"}""")]
    public void Live_and_upcoming_streams_are_live(string text)
    {
        using var json = JsonDocument.Parse(text);

        YtDlpInfoJson.ToVideoInfo(json.RootElement).IsLive.ShouldBeTrue();
    }
}
