using TelegramAI.Worker.Downloads;

namespace TelegramAI.Tests.Downloads;

public sealed class YtDlpVersionTests
{
    [Theory]
    [InlineData("2023.03.04", 2023, 3, 4)]
    [InlineData("2026.10.26.1\n", 2026, 10, 26)]
    [InlineData("2025.01.15.232714", 2025, 1, 15)]
    public void Versions_are_release_dates(string text, int year, int month, int day) =>
        YtDlpVersion.Parse(text)!.Released.ShouldBe(new DateOnly(year, month, day));

    [Theory]
    [InlineData("")]
    [InlineData("yt-dlp 2023.03.04")]
    [InlineData("2026.13.01")]
    [InlineData("2026.10")]
    [InlineData("2026.10.26.1.2")]
    public void Anything_else_is_not_a_version(string text) => YtDlpVersion.Parse(text).ShouldBeNull();

    [Fact]
    public void Lag_is_counted_in_days_between_releases() =>
        YtDlpVersion.Parse("2023.03.04")!.OlderThan(YtDlpVersion.Parse("2023.06.02")!).ShouldBe(TimeSpan.FromDays(90));
}
