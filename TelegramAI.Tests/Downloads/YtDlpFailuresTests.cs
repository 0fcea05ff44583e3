using TelegramAI.Contracts.Jobs;
using TelegramAI.Worker.Downloads;

namespace TelegramAI.Tests.Downloads;

public sealed class YtDlpFailuresTests
{
    [Theory]
    [InlineData("ERROR: [youtube] abc: Private video. Sign in if you've been granted access to this video", FailureReason.Unavailable)]
    [InlineData("ERROR: [youtube] abc: Video unavailable. This video has been removed by the uploader", FailureReason.Unavailable)]
    [InlineData("ERROR: [vimeo] 1: This video has been removed", FailureReason.Unavailable)]
    [InlineData("ERROR: [generic] None: Unable to download webpage: HTTP Error 410: Gone", FailureReason.Unavailable)]
    [InlineData("ERROR: Unsupported URL: https://example.com/", FailureReason.UnsupportedSite)]
    [InlineData("ERROR: [generic] None: 'abc' is not a valid URL. Set --default-search", FailureReason.InvalidRequest)]
    [InlineData("ERROR: [youtube] abc: Sign in to confirm your age. This video may be inappropriate for some users. Use --cookies-from-browser or --cookies for the authentication.", FailureReason.AgeRestricted)]
    [InlineData("ERROR: [youtube] abc: The uploader has not made this video available in your country", FailureReason.GeoRestricted)]
    [InlineData("ERROR: [youtube] abc: Video unavailable. The uploader has not made this video available in your country", FailureReason.GeoRestricted)]
    [InlineData("ERROR: [vimeo] 1: This video is not available from your location due to geo restriction", FailureReason.GeoRestricted)]
    [InlineData("ERROR: [youtube] abc: Join this channel to get access to members-only content like this video, and other exclusive perks.", FailureReason.MembersOnly)]
    [InlineData("ERROR: [youtube] abc: This video is available to this channel's members on level: Gold (or any higher level). Join this channel to get access to members-only content and other exclusive perks.", FailureReason.MembersOnly)]
    [InlineData("ERROR: [youtube+GetPOT] abc: This live event will begin in 2 days.", FailureReason.LiveStream)]
    [InlineData("ERROR: [youtube] abc: Premieres in 6 hours", FailureReason.LiveStream)]
    [InlineData("ERROR: [twitch:stream] somebody: The channel is not currently live", FailureReason.LiveStream)]
    [InlineData("ERROR: [youtube] abc: Requested format is not available. Use --list-formats for a list of available formats", FailureReason.NoUsableFormat)]
    public void Failures_another_attempt_would_repeat_are_permanent(string error, FailureReason reason)
    {
        var failure = YtDlpFailures.FromFailedRun(1, ["WARNING: something", error]);

        failure.IsPermanent.ShouldBeTrue();
        failure.Reason.ShouldBe(reason);
        failure.Diagnostics.ShouldContain(error);
    }

    [Theory]
    [InlineData("ERROR: [generic] None: Unable to download webpage: HTTP Error 503: Service Unavailable")]
    [InlineData("ERROR: [generic] None: Unable to download webpage: <urlopen error [Errno -3] Temporary failure in name resolution>")]
    [InlineData("ERROR: unable to download video data: The read operation timed out")]
    [InlineData("ERROR: something nobody has seen before")]
    public void Everything_else_is_transient(string error)
    {
        var failure = YtDlpFailures.FromFailedRun(1, [error]);

        failure.IsPermanent.ShouldBeFalse();
        failure.Reason.ShouldBe(FailureReason.DownloadFailed);
    }

    [Theory]
    [InlineData("ERROR: [youtube] abc: Sign in to confirm you’re not a bot. Use --cookies-from-browser or --cookies for the authentication.")]
    [InlineData("ERROR: [youtube] abc: Sign in to confirm you're not a bot. This helps protect our community. Learn more")]
    [InlineData("ERROR: [youtube] abc: Please sign in. YouTube is requiring a captcha challenge before playback")]
    public void A_bot_check_gets_one_more_attempt_and_its_own_reason(string error)
    {
        var failure = YtDlpFailures.FromFailedRun(1, [error]);

        failure.Reason.ShouldBe(FailureReason.BotCheck);
        failure.MaxAttempts.ShouldBe(2);
        failure.IsPermanent.ShouldBeFalse();
        failure.Message.ShouldBe(YtDlpFailures.BotCheck);
    }

    [Fact]
    public void A_warning_about_age_restriction_before_a_network_error_leaves_it_passing() =>
        YtDlpFailures.FromFailedRun(1, ["[youtube] abc: This video is age-restricted; some formats may be missing without authentication.", "ERROR: HTTP Error 503"])
            .IsPermanent.ShouldBeFalse();

    [Fact]
    public void A_warning_that_mentions_a_permanent_sign_does_not_make_the_failure_permanent() =>
        YtDlpFailures.FromFailedRun(1, ["WARNING: Video unavailable in some formats", "ERROR: HTTP Error 502"])
            .IsPermanent.ShouldBeFalse();

    [Fact]
    public void A_run_turned_down_by_the_duration_filter_is_too_long()
    {
        var failure = YtDlpFailures.FromRunWithoutFile(
            ["[download] Some Video does not pass filter (!is_live & duration <=? 7200), skipping .."],
            new DownloadsOptions());

        failure.Reason.ShouldBe(FailureReason.TooLong);
        failure.Message.ShouldBe("The video is longer than 2 hours.");
    }

    [Fact]
    public void A_run_turned_down_by_the_size_limit_is_too_large()
    {
        var failure = YtDlpFailures.FromRunWithoutFile(
            ["[download] File is larger than max-filesize (55203 bytes > 10240 bytes). Aborting."],
            new DownloadsOptions());

        failure.Reason.ShouldBe(FailureReason.TooLarge);
        failure.Message.ShouldBe("The video is larger than 2048 MB.");
    }
}
