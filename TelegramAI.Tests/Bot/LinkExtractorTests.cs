using TelegramAI.Bot.Conversation;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace TelegramAI.Tests.Bot;

public sealed class LinkExtractorTests
{
    private const string Canonical = "https://www.youtube.com/watch?v=dQw4w9WgXcQ";

    [Theory]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ")]
    [InlineData("http://youtube.com/watch?v=dQw4w9WgXcQ&t=1m2s")]
    [InlineData("https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ")]
    [InlineData("https://music.youtube.com/watch?v=dQw4w9WgXcQ&list=RDAMVM")]
    [InlineData("https://youtu.be/dQw4w9WgXcQ")]
    [InlineData("https://youtu.be/dQw4w9WgXcQ?si=AbCdEf&t=30")]
    [InlineData("https://www.youtube.com/shorts/dQw4w9WgXcQ")]
    [InlineData("https://www.youtube.com/embed/dQw4w9WgXcQ?start=10")]
    [InlineData("https://www.youtube.com/live/dQw4w9WgXcQ?si=x")]
    [InlineData("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")]
    [InlineData("HTTPS://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ")]
    [InlineData("youtu.be/dQw4w9WgXcQ")]
    [InlineData("www.youtube.com/watch?v=dQw4w9WgXcQ.")]
    [InlineData("(see https://youtu.be/dQw4w9WgXcQ)")]
    [InlineData("https://m.youtube.com/shorts/dQw4w9WgXcQ?feature=share")]
    [InlineData("https://www.youtube.com/watch?app=desktop&v=dQw4w9WgXcQ")]
    [InlineData("https://www.youtube.com/v/dQw4w9WgXcQ?version=3")]
    [InlineData("https://www.youtube.com/e/dQw4w9WgXcQ")]
    [InlineData("https://youtube.com/watch/dQw4w9WgXcQ")]
    [InlineData("https://www.youtube.com/?v=dQw4w9WgXcQ")]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ#t=30")]
    [InlineData("https://gaming.youtube.com/watch?v=dQw4w9WgXcQ")]
    [InlineData("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0")]
    [InlineData("https://www.youtube.com/live/dQw4w9WgXcQ?feature=share")]
    [InlineData("https://youtu.be/dQw4w9WgXcQ?t=42&si=abc")]
    // The watch link inside a parameter: attribution links, consent and redirect pages, Google's result links.
    [InlineData("https://www.youtube.com/attribution_link?a=8g8kPrPIi-ecwIsS&u=/watch%3Fv%3DdQw4w9WgXcQ%26feature%3Dshare")]
    [InlineData("https://youtube.com/attribution_link?u=%2Fwatch%3Fv%3DdQw4w9WgXcQ")]
    [InlineData("https://consent.youtube.com/m?continue=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3DdQw4w9WgXcQ%26cbrd%3D1&gl=DE&m=0&pc=yt&hl=de&src=1")]
    [InlineData("https://consent.google.com/ml?continue=https://m.youtube.com/watch?v=dQw4w9WgXcQ&gl=GB")]
    [InlineData("https://www.google.com/url?sa=t&url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3DdQw4w9WgXcQ&usg=AOv")]
    [InlineData("https://www.youtube.com/redirect?event=video_description&q=https%3A%2F%2Fyoutu.be%2FdQw4w9WgXcQ")]
    [InlineData("https://www.youtube.com/oembed?url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3DdQw4w9WgXcQ&format=json")]
    [InlineData("https://www.google.com/url?q=https://consent.youtube.com/m?continue%3Dhttps%253A%252F%252Fyoutu.be%252FdQw4w9WgXcQ")]
    public void Every_common_youtube_form_becomes_the_canonical_watch_link(string text)
    {
        LinkExtractor.Extract(text, null, allowPrivateHosts: false).Accepted.ShouldBe([Canonical]);
    }

    [Theory]
    [InlineData("https://www.youtube.com/@SomeChannel", "https://www.youtube.com/@SomeChannel")]
    [InlineData("https://www.youtube.com/watch?v=short", "https://www.youtube.com/watch?v=short")]
    [InlineData("https://vimeo.com/76979871", "https://vimeo.com/76979871")]
    [InlineData("https://example.com/a b", "https://example.com/a")]
    public void Other_links_are_kept_as_written(string text, string expected)
    {
        LinkExtractor.Extract(text, null, allowPrivateHosts: false).Accepted.ShouldBe([expected]);
    }

    [Theory]
    [InlineData("https://www.youtube.com/redirect?event=video_description&q=https%3A%2F%2Fvimeo.com%2F76979871", "https://vimeo.com/76979871")]
    [InlineData("https://www.google.com/url?q=https://example.com/clip.mp4&sa=D", "https://example.com/clip.mp4")]
    public void A_wrapper_around_another_site_is_judged_by_the_link_inside(string text, string expected)
    {
        LinkExtractor.Extract(text, null, allowPrivateHosts: false).Accepted.ShouldBe([expected]);
    }

    [Fact]
    public void A_wrapper_cannot_smuggle_a_private_address_or_another_scheme()
    {
        LinkExtractor.Extract("https://www.youtube.com/redirect?q=http%3A%2F%2F169.254.169.254%2Flatest", null, allowPrivateHosts: false)
            .Refused.ShouldHaveSingleItem().Reason.ShouldBe(LinkRefusal.PrivateHost);
        LinkExtractor.Extract("https://www.google.com/url?q=javascript:alert(1)", null, allowPrivateHosts: false)
            .Accepted.ShouldAllBe(url => url.StartsWith("https://www.google.com/url?", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("javascript:alert(1)", LinkRefusal.UnsupportedScheme)]
    [InlineData("file:///etc/passwd", LinkRefusal.UnsupportedScheme)]
    [InlineData("ftp://example.com/v.mp4", LinkRefusal.UnsupportedScheme)]
    [InlineData("data:text/html,hi", LinkRefusal.UnsupportedScheme)]
    [InlineData("http://localhost/v.mp4", LinkRefusal.PrivateHost)]
    [InlineData("http://LOCALHOST./v.mp4", LinkRefusal.PrivateHost)]
    [InlineData("http://api.localhost/v.mp4", LinkRefusal.PrivateHost)]
    [InlineData("http://printer.local/v.mp4", LinkRefusal.PrivateHost)]
    [InlineData("http://127.0.0.1/v.mp4", LinkRefusal.PrivateHost)]
    [InlineData("http://127.8.9.10:8080/v.mp4", LinkRefusal.PrivateHost)]
    [InlineData("http://10.0.0.1/v.mp4", LinkRefusal.PrivateHost)]
    [InlineData("http://172.16.5.4/v.mp4", LinkRefusal.PrivateHost)]
    [InlineData("http://192.168.1.1/v.mp4", LinkRefusal.PrivateHost)]
    [InlineData("http://169.254.169.254/latest", LinkRefusal.PrivateHost)]
    [InlineData("http://0.0.0.0/", LinkRefusal.PrivateHost)]
    [InlineData("http://[::1]/v.mp4", LinkRefusal.PrivateHost)]
    [InlineData("http://[fe80::1]/v.mp4", LinkRefusal.PrivateHost)]
    [InlineData("http://[fd00::1]/v.mp4", LinkRefusal.PrivateHost)]
    [InlineData("http://[::ffff:127.0.0.1]/v.mp4", LinkRefusal.PrivateHost)]
    [InlineData("http://2130706433/v.mp4", LinkRefusal.PrivateHost)]
    [InlineData("http://0x7f000001/v.mp4", LinkRefusal.PrivateHost)]
    [InlineData("http://127.1/v.mp4", LinkRefusal.PrivateHost)]
    public void Unsafe_links_are_refused_with_the_reason(string text, LinkRefusal reason)
    {
        var links = LinkExtractor.Extract(text, null, allowPrivateHosts: false);

        links.Accepted.ShouldBeEmpty();
        links.Refused.ShouldHaveSingleItem().Reason.ShouldBe(reason);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8000/v.mp4")]
    [InlineData("http://localhost/v.mp4")]
    [InlineData("http://[::1]/v.mp4")]
    public void Private_hosts_pass_when_allowed(string link)
    {
        LinkExtractor.Extract(link, null, allowPrivateHosts: true).Accepted.ShouldHaveSingleItem();
        LinkExtractor.Extract("javascript:alert(1)", null, allowPrivateHosts: true).Refused.ShouldHaveSingleItem();
    }

    [Fact]
    public void At_most_five_distinct_links_are_taken_and_the_rest_counted()
    {
        var text = string.Join(' ', Enumerable.Range(1, 7).Select(i => $"https://example.com/{i}.mp4")) + " https://example.com/1.mp4";

        var links = LinkExtractor.Extract(text, null, allowPrivateHosts: false);

        links.Accepted.ShouldBe(Enumerable.Range(1, 5).Select(i => $"https://example.com/{i}.mp4"));
        links.Skipped.ShouldBe(2);
    }

    [Fact]
    public void Links_telegram_marked_without_a_scheme_or_behind_words_are_found()
    {
        const string text = "watch example.com/video and this";
        MessageEntity[] entities =
        [
            new() { Type = MessageEntityType.Url, Offset = 6, Length = 17 },
            new() { Type = MessageEntityType.TextLink, Offset = 28, Length = 4, Url = "https://youtu.be/dQw4w9WgXcQ" },
        ];

        LinkExtractor.Extract(text, entities, allowPrivateHosts: false).Accepted.ShouldBe(["https://example.com/video", Canonical]);
    }

    [Theory]
    [InlineData("never gonna give you up")]
    [InlineData("meet at 12:30, note: bring snacks")]
    [InlineData("")]
    public void Text_without_links_has_none(string text)
    {
        LinkExtractor.Extract(text, null, allowPrivateHosts: false).Any.ShouldBeFalse();
    }
}

public sealed class ChatRateLimiterTests
{
    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void A_chat_gets_its_allowance_per_sliding_window_and_is_told_when_the_request_fits()
    {
        var time = new ManualTime();
        var limiter = new ChatRateLimiter(Microsoft.Extensions.Options.Options.Create(new TelegramAI.Bot.Configuration.BotOptions { RateLimit = 3 }), time);

        limiter.TryAcquire(1, 2, out _).ShouldBeTrue();
        time.Now += TimeSpan.FromSeconds(20);
        limiter.TryAcquire(1, 1, out _).ShouldBeTrue();
        limiter.TryAcquire(1, 1, out var retryAfter).ShouldBeFalse();
        retryAfter.ShouldBe(TimeSpan.FromSeconds(40));
        limiter.TryAcquire(2, 3, out _).ShouldBeTrue();

        time.Now += TimeSpan.FromSeconds(40);
        limiter.TryAcquire(1, 2, out retryAfter).ShouldBeTrue();
        limiter.TryAcquire(1, 1, out retryAfter).ShouldBeFalse();
        retryAfter.ShouldBe(TimeSpan.FromSeconds(20));
        limiter.TryAcquire(1, 4, out retryAfter).ShouldBeFalse();
        retryAfter.ShouldBe(TimeSpan.FromMinutes(1));
    }
}

public sealed class JobIdsTests
{
    private const string Bot = "123456789-0a1b2c3d4e5f";

    [Fact]
    public void Job_ids_come_from_the_chat_message_place_and_request_and_differ_whenever_one_of_them_does()
    {
        var id = JobIds.For(Bot, 42, 100, 0, "https://example.com/a.mp4");

        JobIds.For(Bot, 42, 100, 0, "https://example.com/a.mp4").ShouldBe(id);
        new[]
        {
            id,
            JobIds.For(Bot, 42, 100, 1, "https://example.com/a.mp4"),
            JobIds.For(Bot, 42, 101, 0, "https://example.com/a.mp4"),
            JobIds.For(Bot, 43, 100, 0, "https://example.com/a.mp4"),
            JobIds.For(Bot, 42, 100, 0, "https://example.com/b.mp4"),
            JobIds.For("123456789-ffffffffffff", 42, 100, 0, "https://example.com/a.mp4"),
        }.Distinct().Count().ShouldBe(6);
        id.Version.ShouldBe(8);
        JobIds.BotIdOf("123456789:AAEmulatedBotTokenForLocalUseOnly_0123").ShouldBe(123456789);
    }
}
