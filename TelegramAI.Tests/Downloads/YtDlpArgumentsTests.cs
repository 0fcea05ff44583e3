using TelegramAI.Worker.Downloads;

namespace TelegramAI.Tests.Downloads;

public sealed class YtDlpArgumentsTests
{
    [Fact]
    public void A_search_asks_for_the_first_youtube_result_as_the_last_argument_after_the_separator()
    {
        var arguments = YtDlpArguments.ForResolve(VideoRequest.Search("  never gonna give you up "));

        arguments[^2].ShouldBe("--");
        arguments[^1].ShouldBe("ytsearch1:never gonna give you up");
    }

    [Fact]
    public void Shell_syntax_in_a_request_stays_inside_its_one_argument()
    {
        var arguments = YtDlpArguments.ForResolve(VideoRequest.Search("\"; touch /tmp/x"));

        arguments[^1].ShouldBe("ytsearch1:\"; touch /tmp/x");
        arguments.Count(a => a.Contains("touch", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public void A_link_is_passed_as_it_is()
    {
        var arguments = YtDlpArguments.ForResolve(VideoRequest.Url("https://example.com/v.mp4"));

        arguments.ShouldContain("--dump-single-json");
        arguments[^1].ShouldBe("https://example.com/v.mp4");
    }

    [Fact]
    public void A_download_applies_the_limits_and_writes_into_the_job_folder()
    {
        var options = new DownloadsOptions { MaxDuration = TimeSpan.FromMinutes(90), MaxFileSize = 1_000_000 };

        var arguments = YtDlpArguments.ForDownload("https://example.com/v", "/jobs/50%off", "/jobs/50%off/info.json", options);

        ValueOf(arguments, "--max-filesize").ShouldBe("1000000");
        ValueOf(arguments, "--match-filter").ShouldBe("!is_live & duration <=? 5400");
        ValueOf(arguments, "--output").ShouldBe("/jobs/50%%off/video.%(ext)s");
        ValueOf(arguments, "--merge-output-format").ShouldBe("mp4");
        arguments.ShouldContain("--no-playlist");
        arguments.ShouldContain("--ignore-config");
        arguments.ShouldContain("--no-cache-dir");
        arguments.ShouldContain("--no-mtime");
        arguments.ShouldContain("--newline");
        arguments.ShouldNotContain("--no-part");
        arguments.TakeLast(2).ShouldBe(["--", "https://example.com/v"]);
    }

    [Fact]
    public void The_fallback_asks_other_player_clients_and_filters_no_format()
    {
        var preferred = YtDlpArguments.ForResolve(VideoRequest.Url("https://example.com/v"));
        var fallback = YtDlpArguments.ForResolve(VideoRequest.Url("https://example.com/v"), FormatSelection.Fallback);
        var fallbackDownload = YtDlpArguments.ForDownload("https://example.com/v", "/jobs/1", "/jobs/1/info.json", new DownloadsOptions(), FormatSelection.Fallback);

        ValueOf(preferred, "--format").ShouldBe(YtDlpArguments.Format);
        preferred.ShouldNotContain("--extractor-args");
        foreach (var arguments in new[] { fallback, fallbackDownload })
        {
            arguments.ShouldNotContain("--format");
            ValueOf(arguments, "--extractor-args").ShouldBe(YtDlpArguments.FallbackPlayerClients);
        }
    }

    [Fact]
    public void Cookies_and_proxy_are_given_only_when_set()
    {
        YtDlpArguments.Connection(null, null).ShouldBeEmpty();
        YtDlpArguments.Connection("/tmp/c.txt", "").ShouldBe(["--cookies", "/tmp/c.txt"]);
        YtDlpArguments.Connection(null, "socks5://h:1080").ShouldBe(["--proxy", "socks5://h:1080"]);
    }

    private static string ValueOf(IReadOnlyList<string> arguments, string flag) =>
        arguments[arguments.ToList().IndexOf(flag) + 1];
}
