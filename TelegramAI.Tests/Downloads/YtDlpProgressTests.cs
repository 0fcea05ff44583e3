using TelegramAI.Worker.Downloads;

namespace TelegramAI.Tests.Downloads;

public sealed class YtDlpProgressTests
{
    [Fact]
    public void A_line_with_a_known_total_gives_percent_speed_and_eta()
    {
        YtDlpProgress.TryParse("[telegramai-progress] downloading 2500 10000 NA 1250.5 6", out var progress).ShouldBeTrue();

        progress.ShouldBe(new DownloadProgress(25, 2500, 10000, 1250.5, TimeSpan.FromSeconds(6)));
    }

    [Fact]
    public void The_estimated_total_stands_in_for_an_unknown_one()
    {
        YtDlpProgress.TryParse("[telegramai-progress] downloading 500 NA 2000.0 NA NA", out var progress).ShouldBeTrue();

        progress.ShouldBe(new DownloadProgress(25, 500, 2000, null, null));
    }

    [Fact]
    public void Without_any_total_the_percent_is_unknown()
    {
        YtDlpProgress.TryParse("[telegramai-progress] downloading 1024 NA NA NA NA", out var progress).ShouldBeTrue();

        progress.Percent.ShouldBeNull();
        progress.DownloadedBytes.ShouldBe(1024);
        progress.TotalBytes.ShouldBeNull();
    }

    [Fact]
    public void A_finished_download_is_at_100_percent()
    {
        YtDlpProgress.TryParse("[telegramai-progress] finished 55203 55203 NA 18301965.3 NA", out var progress).ShouldBeTrue();

        progress.Percent.ShouldBe(100);
        progress.Eta.ShouldBe(TimeSpan.Zero);
    }

    [Theory]
    [InlineData("[download] Destination: /tmp/video.mp4")]
    [InlineData("[telegramai-progress] error NA NA NA NA NA")]
    [InlineData("[telegramai-progress] downloading NA NA NA NA NA")]
    [InlineData("[telegramai-progress] downloading 12")]
    [InlineData("")]
    public void Other_lines_are_not_progress(string line) =>
        YtDlpProgress.TryParse(line, out _).ShouldBeFalse();

    [Fact]
    public void The_template_prints_the_fields_in_the_order_they_are_read() =>
        YtDlpProgress.Template.ShouldBe(
            "download:[telegramai-progress] %(progress.status)s %(progress.downloaded_bytes)s %(progress.total_bytes)s" +
            " %(progress.total_bytes_estimate)s %(progress.speed)s %(progress.eta)s");
}
