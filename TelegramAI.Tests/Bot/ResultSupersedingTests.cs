using Amazon.SQS.Model;
using TelegramAI.Bot.Reporting;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Messaging;

namespace TelegramAI.Tests.Bot;

public sealed class ResultSupersedingTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-22T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_final_result_wins_over_progress_of_its_job_in_the_same_batch_whatever_the_order()
    {
        var job = Guid.NewGuid();
        var late = Received(job, JobResultKind.Progress, T0.AddSeconds(9));
        var final = Received(job, JobResultKind.Succeeded, T0.AddSeconds(5));
        var repeat = Received(job, JobResultKind.Succeeded, T0.AddSeconds(5));

        var (toReport, superseded) = ResultReporter.Supersede([late, final, repeat]);

        toReport.ShouldHaveSingleItem().Body!.Kind.ShouldBe(JobResultKind.Succeeded);
        superseded.Count.ShouldBe(2);
    }

    [Fact]
    public void Of_several_progress_reports_only_the_newest_is_shown_and_other_jobs_and_poison_are_kept()
    {
        var job = Guid.NewGuid();
        var other = Guid.NewGuid();
        var older = Received(job, JobResultKind.Progress, T0);
        var newer = Received(job, JobResultKind.Progress, T0.AddSeconds(3));
        var otherFailed = Received(other, JobResultKind.Failed, T0);
        var poison = new ReceivedMessage<JobResult>(new Message { Body = "nonsense", ReceiptHandle = "p" }, null, "not a result", default);

        var (toReport, superseded) = ResultReporter.Supersede([older, poison, newer, otherFailed]);

        toReport.ShouldBe([poison, newer, otherFailed], ignoreOrder: true);
        superseded.ShouldBe([older]);
    }

    private static ReceivedMessage<JobResult> Received(Guid job, JobResultKind kind, DateTimeOffset at) =>
        new(new Message { ReceiptHandle = Guid.NewGuid().ToString() },
            new JobResult { JobId = job, ChatId = 1, Kind = kind, At = at },
            null,
            default);
}
