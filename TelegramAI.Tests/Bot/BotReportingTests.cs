using Amazon.SQS.Model;
using TelegramAI.Bot.Conversation;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Telegram.Emulator;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Bot;

/// <summary>Results from the worker (played by the test on the results queue) reach the user.</summary>
public sealed class BotReportingTests(MotoFixture moto) : BotTestBed(moto)
{
    private async Task<JobMessage> RequestAsync(long chat = UserId, string link = "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    {
        Telegram.InjectTextMessage(chat, chat, link);
        var job = (await TakeJobsAsync(1)).Single();

        // Progress edits the status reply, so the worker's reports start once it is out, as they would.
        await StatusOfAsync(job);
        return job;
    }

    [Fact]
    public async Task Progress_edits_the_status_and_a_small_video_arrives_playable_with_the_link()
    {
        await StartBotAsync();
        var job = await RequestAsync();
        var status = await StatusOfAsync(job);

        await ReportAsync(job, JobResultKind.Progress, progress: new JobProgress(42.4, 4_000_000, 10_000_000, 1_000_000, TimeSpan.FromSeconds(6)));
        await Telegram.WaitForMessageAsync(UserId, m => m.Text.StartsWith("Downloading... 42%", StringComparison.Ordinal), cancellationToken: Ct);

        var stored = await StoreVideoAsync(5 * 1024 * 1024);
        await ReportAsync(job, JobResultKind.Succeeded, video: stored);
        var video = await Telegram.WaitForVideoAsync(UserId, cancellationToken: Ct);
        var done = Telegram.MessagesTo(UserId).Single();
        done.MessageId.ShouldBe(status.MessageId);
        done.Text.ShouldStartWith("Done: Never Gonna Give You Up (3:33, 5.0 MB)");
        done.Text.ShouldContain("works for 24 hours");
        var link = done.Text.Split('\n')[^1];
        link.ShouldStartWith($"{Moto.Server.Endpoint}{stored.Bucket}/{stored.Key}?");
        LinkSeconds(link).ShouldBeInRange(86400, 86402, "the link lives at least as long as the message says (the SDK counts from a whole second)");

        // Telegram fetched the video from the link itself: the bytes it got are the stored ones.
        video.Source.ShouldBe(VideoSource.Url);
        video.Url.ShouldBe(link);
        video.Content.ShouldNotBeNull().Length.ShouldBe(5 * 1024 * 1024);
        video.Caption.ShouldBe($"Never Gonna Give You Up\n{link}");
        video.ReplyToMessageId.ShouldBe(status.MessageId);
        await WaitForResultsConsumedAsync();
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
        var stored = await StoreVideoAsync(1024);

        await Sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = Results.QueueUrl, MessageBody = "{ not json" }, Ct);
        await ReportAsync(job, JobResultKind.Progress, progress: new JobProgress(10, 1, 10, null, null));
        await Telegram.WaitForMessageAsync(UserId, m => m.IsEdited, cancellationToken: Ct);
        await ReportAsync(job, JobResultKind.Progress, progress: new JobProgress(60, 6, 10, null, null));
        await WaitForResultsConsumedAsync();

        await ReportAsync(job, JobResultKind.Succeeded, video: stored);
        await ReportAsync(job, JobResultKind.Succeeded, video: stored);
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
        var stored = await StoreVideoAsync(1024);
        await ReportAsync(job, JobResultKind.Succeeded, video: stored);
        await Telegram.WaitForVideoAsync(UserId, cancellationToken: Ct);
        await WaitForResultsConsumedAsync();
        await StopBotAsync(first);

        // SQS delivers the final result again (the first bot stopped before its delete counted), with late progress.
        await ReportAsync(job, JobResultKind.Succeeded, video: stored);
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
        Telegram.CallCount("editMessageText").ShouldBe(3);
    }

    [Fact]
    public async Task A_result_for_a_chat_that_is_gone_is_dropped_without_stopping_the_reporter()
    {
        await StartBotAsync();
        var job = await RequestAsync();

        await Results.SendAsync(new JobResult
        {
            JobId = Guid.NewGuid(), ChatId = 424242, Kind = JobResultKind.Failed, At = DateTimeOffset.UtcNow,
            Failure = new JobFailure(FailureReason.TooLarge, "x"),
        }, Ct);
        await ReportAsync(job, JobResultKind.Failed, failure: new JobFailure(FailureReason.TooLarge, "x"));

        (await Telegram.WaitForMessageAsync(UserId, m => m.IsEdited, cancellationToken: Ct)).Text.ShouldContain("too large");
        await WaitForResultsConsumedAsync();
    }

    [Fact]
    public async Task A_result_of_a_job_from_before_the_contract_change_edits_the_status_message_it_names()
    {
        await StartBotAsync();
        // A message of the bot's, standing for the status message an old bot sent for an old job.
        Telegram.InjectTextMessage(UserId, UserId, "/help");
        var oldStatus = await Telegram.WaitForMessageAsync(UserId, cancellationToken: Ct);

        // A version 1 result, as an old worker (or a new one answering a version 1 job) sends it during a deploy.
        await Results.SendAsync(new JobResult
        {
            SchemaVersion = JobMessage.StatusMessageSchemaVersion, JobId = Guid.NewGuid(), ChatId = UserId, StatusMessageId = oldStatus.MessageId,
            Kind = JobResultKind.Failed, At = DateTimeOffset.UtcNow, Failure = new JobFailure(FailureReason.UnsupportedSite, "x"),
        }, Ct);

        (await Telegram.WaitForMessageAsync(UserId, m => m.IsEdited, cancellationToken: Ct)).Text.ShouldContain("can't download videos from this site");
        await WaitForResultsConsumedAsync();
    }

    [Fact]
    public async Task A_user_who_blocked_the_bot_settles_the_job_without_a_call_to_telegram()
    {
        await StartBotAsync();
        var job = await RequestAsync();
        var stored = await StoreVideoAsync(1024);
        Telegram.BlockBot(UserId);
        await Telegram.WaitForNoPendingUpdatesAsync(cancellationToken: Ct);

        await ReportAsync(job, JobResultKind.Succeeded, video: stored);
        await WaitForResultsConsumedAsync();
        await ReportAsync(job, JobResultKind.Succeeded, video: stored);
        await WaitForResultsConsumedAsync();

        // The block came as a my_chat_member update: the bot knows the chat is closed and does not knock.
        Telegram.CallCount("editMessageText").ShouldBe(0);
        Telegram.CallCount("sendVideo").ShouldBe(0);
        Telegram.MessagesTo(UserId).Single().IsEdited.ShouldBeFalse();
    }

    [Fact]
    public async Task A_status_message_the_user_deleted_is_replaced_by_a_new_message_with_the_result()
    {
        await StartBotAsync();
        var update = Telegram.InjectTextMessage(UserId, UserId, "https://example.com/deleted.mp4");
        var job = (await TakeJobsAsync(1)).Single();
        var status = await StatusOfAsync(job);
        Telegram.DeleteMessage(UserId, status.MessageId).ShouldBeTrue();

        await ReportAsync(job, JobResultKind.Failed, failure: new JobFailure(FailureReason.TooLong, "too long"));

        var answer = await Telegram.WaitForMessageAsync(UserId, m => m.MessageId != status.MessageId, cancellationToken: Ct);
        answer.Text.ShouldBe(BotReplies.Failed(new JobFailure(FailureReason.TooLong, "too long")));
        answer.ReplyToMessageId.ShouldBe(update.Message!.MessageId);
        Telegram.MessagesTo(UserId).Single(m => m.MessageId == status.MessageId).IsEdited.ShouldBeFalse();
        await WaitForResultsConsumedAsync();
    }

    /// <summary>A presigned link's X-Amz-Expires: how many seconds it works from its X-Amz-Date.</summary>
    internal static int LinkSeconds(string link) =>
        int.Parse(System.Web.HttpUtility.ParseQueryString(new Uri(link).Query)["X-Amz-Expires"]!, System.Globalization.CultureInfo.InvariantCulture);
}
