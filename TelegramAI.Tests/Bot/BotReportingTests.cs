using Amazon.SQS.Model;
using TelegramAI.Bot.Conversation;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Telegram.Emulator;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Bot;

/// <summary>Results from the worker (played by the test on the results queue) reach the user.</summary>
public sealed class BotReportingTests(MotoFixture moto) : BotTestBed(moto)
{
    private static StoredVideo Video(long size) =>
        new("videos-bucket", "youtube/dQw4w9WgXcQ.mp4", "Never Gonna Give You Up", TimeSpan.FromSeconds(213), size, "https://www.youtube.com/watch?v=dQw4w9WgXcQ");

    private async Task<JobMessage> RequestAsync(long chat = UserId, string link = "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    {
        Telegram.InjectTextMessage(chat, chat, link);
        return (await TakeJobsAsync(1)).Single();
    }

    [Fact]
    public async Task Progress_edits_the_status_and_a_small_video_arrives_playable_with_the_link()
    {
        await StartBotAsync();
        var job = await RequestAsync();

        await ReportAsync(job, JobResultKind.Progress, progress: new JobProgress(42.4, 4_000_000, 10_000_000, 1_000_000, TimeSpan.FromSeconds(6)));
        await Telegram.WaitForMessageAsync(UserId, m => m.Text.StartsWith("Downloading... 42%", StringComparison.Ordinal), cancellationToken: Ct);

        await ReportAsync(job, JobResultKind.Succeeded, video: Video(5 * 1024 * 1024));
        var video = await Telegram.WaitForVideoAsync(UserId, cancellationToken: Ct);
        var status = Telegram.MessagesTo(UserId).Single();
        status.MessageId.ShouldBe(job.StatusMessageId);
        status.Text.ShouldStartWith("Done: Never Gonna Give You Up (3:33, 5.0 MB)");
        var link = status.Text.Split('\n')[^1];
        link.ShouldStartWith($"{Moto.Server.Endpoint}videos-bucket/youtube/dQw4w9WgXcQ.mp4?");
        link.ShouldContain("X-Amz-Expires=86400");

        video.Source.ShouldBe(VideoSource.Url);
        video.Url.ShouldBe(link);
        video.Caption.ShouldBe($"Never Gonna Give You Up\n{link}");
        video.ReplyToMessageId.ShouldBe(job.StatusMessageId);
        await WaitForResultsConsumedAsync();
    }

    [Fact]
    public async Task A_video_too_large_for_telegram_to_fetch_or_refused_by_it_leaves_the_link()
    {
        await StartBotAsync(settings => settings["Bot:LinkLifetime"] = "02:00:00");
        var large = await RequestAsync(1001, "https://example.com/large.mp4");
        var refused = await RequestAsync(1002, "https://example.com/refused.mp4");
        Telegram.FailNext("sendVideo", ApiFault.BadRequest("wrong file identifier/HTTP URL specified"));

        await ReportAsync(large, JobResultKind.Succeeded, video: Video(21 * 1024 * 1024));
        await ReportAsync(refused, JobResultKind.Succeeded, video: Video(1024 * 1024));

        foreach (var chat in new long[] { 1001, 1002 })
        {
            var done = await Telegram.WaitForMessageAsync(chat, m => m.Text.StartsWith("Done:", StringComparison.Ordinal), cancellationToken: Ct);
            done.Text.ShouldContain("X-Amz-Expires=7200");
        }

        await WaitForResultsConsumedAsync();
        Telegram.VideosTo(1001).ShouldBeEmpty();
        Telegram.VideosTo(1002).ShouldBeEmpty();
        Telegram.CallCount("sendVideo").ShouldBe(1);
    }

    [Theory]
    [InlineData(FailureReason.Unavailable, "private, removed or otherwise unavailable")]
    [InlineData(FailureReason.TooLong, "too long")]
    [InlineData(FailureReason.TooLarge, "too large")]
    [InlineData(FailureReason.UnsupportedSite, "can't download videos from this site")]
    [InlineData(FailureReason.DownloadFailed, "kept failing, even after several tries")]
    public async Task A_failure_is_explained_in_plain_words(FailureReason reason, string expected)
    {
        await StartBotAsync();
        var job = await RequestAsync();

        await ReportAsync(job, JobResultKind.Failed, failure: new JobFailure(reason, "yt-dlp said: ERROR: something technical"));

        var status = await Telegram.WaitForMessageAsync(UserId, m => m.IsEdited, cancellationToken: Ct);
        status.Text.ShouldContain(expected);
        status.Text.ShouldNotContain("yt-dlp");
    }

    [Fact]
    public async Task Repeated_results_are_reported_once_and_progress_is_throttled_and_poison_is_survived()
    {
        await StartBotAsync(settings => settings["Bot:ProgressEditInterval"] = "00:10:00");
        var job = await RequestAsync();

        await Sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = Results.QueueUrl, MessageBody = "{ not json" }, Ct);
        await ReportAsync(job, JobResultKind.Progress, progress: new JobProgress(10, 1, 10, null, null));
        await Telegram.WaitForMessageAsync(UserId, m => m.IsEdited, cancellationToken: Ct);
        await ReportAsync(job, JobResultKind.Progress, progress: new JobProgress(60, 6, 10, null, null));
        await WaitForResultsConsumedAsync();

        await ReportAsync(job, JobResultKind.Succeeded, video: Video(1024));
        await ReportAsync(job, JobResultKind.Succeeded, video: Video(1024));
        await ReportAsync(job, JobResultKind.Progress, progress: new JobProgress(99, 9, 10, null, null));
        await WaitForResultsConsumedAsync();

        var status = Telegram.MessagesTo(UserId).Single();
        status.TextHistory.Count.ShouldBe(3, string.Join(" | ", status.TextHistory));
        status.TextHistory[1].ShouldStartWith("Downloading... 10%");
        status.TextHistory[2].ShouldStartWith("Done:");
        Telegram.VideosTo(UserId).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_final_result_delivered_again_after_a_restart_is_not_reported_twice()
    {
        // Short polls: a long poll cut off by the stop could still take the redelivered results on moto's side.
        var first = await StartBotAsync(settings => settings["Bot:ResultsWait"] = "00:00:00");
        var job = await RequestAsync();
        await ReportAsync(job, JobResultKind.Succeeded, video: Video(1024));
        await Telegram.WaitForVideoAsync(UserId, cancellationToken: Ct);
        await WaitForResultsConsumedAsync();
        await StopBotAsync(first);

        // SQS delivers the final result again (the first bot stopped before its delete counted), with late progress.
        await ReportAsync(job, JobResultKind.Succeeded, video: Video(1024));
        await ReportAsync(job, JobResultKind.Progress, progress: new JobProgress(50, 5, 10, null, null));
        await StartBotAsync();
        await WaitForResultsConsumedAsync();

        Telegram.VideosTo(UserId).Count.ShouldBe(1);
        Telegram.MessagesTo(UserId).Single().TextHistory[^1].ShouldStartWith("Done:");
    }

    [Fact]
    public async Task A_result_telegram_cannot_take_yet_is_kept_and_reported_later()
    {
        await StartBotAsync();
        var job = await RequestAsync();
        Telegram.FailNext("editMessageText", ApiFault.InternalServerError(), times: 2);

        await ReportAsync(job, JobResultKind.Failed, failure: new JobFailure(FailureReason.TooLong, "too long"));

        (await Telegram.WaitForMessageAsync(UserId, m => m.IsEdited, cancellationToken: Ct)).Text.ShouldContain("too long");
        await WaitForResultsConsumedAsync();
    }

    [Fact]
    public async Task A_result_for_a_chat_that_is_gone_is_dropped_without_stopping_the_reporter()
    {
        await StartBotAsync();
        var job = await RequestAsync();

        await Results.SendAsync(new JobResult
        {
            JobId = Guid.NewGuid(), ChatId = 424242, StatusMessageId = 1, Kind = JobResultKind.Failed, At = DateTimeOffset.UtcNow,
            Failure = new JobFailure(FailureReason.TooLarge, "x"),
        }, Ct);
        await ReportAsync(job, JobResultKind.Failed, failure: new JobFailure(FailureReason.TooLarge, "x"));

        (await Telegram.WaitForMessageAsync(UserId, m => m.IsEdited, cancellationToken: Ct)).Text.ShouldContain("too large");
        await WaitForResultsConsumedAsync();
    }

    [Fact]
    public async Task A_user_who_blocked_the_bot_settles_the_job_without_repeating_the_report()
    {
        await StartBotAsync();
        var job = await RequestAsync();
        Telegram.BlockBot(UserId);

        await ReportAsync(job, JobResultKind.Succeeded, video: Video(1024));
        await WaitForResultsConsumedAsync();
        await ReportAsync(job, JobResultKind.Succeeded, video: Video(1024));
        await WaitForResultsConsumedAsync();

        // Telegram's 403 "Forbidden: bot was blocked by the user" will not change: the result is dropped, once.
        Telegram.CallCount("editMessageText").ShouldBe(1);
        Telegram.CallCount("sendVideo").ShouldBe(0);
        Telegram.MessagesTo(UserId).Single().IsEdited.ShouldBeFalse();
        Logs.ShouldContain(line => line.Contains("for good: Forbidden: bot was blocked by the user", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_status_message_the_user_deleted_is_replaced_by_a_new_message_with_the_result()
    {
        await StartBotAsync();
        var job = await RequestAsync();
        Telegram.DeleteMessage(UserId, job.StatusMessageId).ShouldBeTrue();

        await ReportAsync(job, JobResultKind.Failed, failure: new JobFailure(FailureReason.TooLong, "too long"));

        var answer = await Telegram.WaitForMessageAsync(UserId, m => m.MessageId != job.StatusMessageId, cancellationToken: Ct);
        answer.Text.ShouldBe(BotReplies.Failed(new JobFailure(FailureReason.TooLong, "too long")));
        Telegram.MessagesTo(UserId).Single(m => m.MessageId == job.StatusMessageId).IsEdited.ShouldBeFalse();
        await WaitForResultsConsumedAsync();
    }
}
