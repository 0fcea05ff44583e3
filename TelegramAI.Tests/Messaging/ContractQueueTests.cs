using System.Diagnostics;
using Amazon.SQS.Model;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Messaging;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Messaging;

public sealed class ContractQueueTests(MotoFixture moto)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JobMessage Job(int i = 0) => new()
    {
        JobId = Guid.NewGuid(), ChatId = 100 + i, UserId = 7, Kind = RequestKind.Url,
        Request = $"http://127.0.0.1/video{i}.mp4", RequestedAt = DateTimeOffset.UtcNow,
    };

    private async Task<ContractQueue<JobMessage>> NewJobsQueueAsync()
    {
        var sqs = moto.Sqs();
        var url = (await sqs.CreateQueueAsync(new CreateQueueRequest() { QueueName = MotoFixture.UniqueName("jobs") }, Ct)).QueueUrl;
        return Queues.Jobs(sqs, url);
    }

    [Fact]
    public async Task A_job_arrives_whole_with_the_senders_trace_context()
    {
        var jobs = await NewJobsQueueAsync();
        var job = Job();
        using var activity = new Activity("telegram update").SetIdFormat(ActivityIdFormat.W3C).Start();
        activity.TraceStateString = "telegramai=1";

        await jobs.SendAsync(job, Ct);
        activity.Stop();

        var received = (await jobs.ReceiveAsync(10, TimeSpan.FromSeconds(5), Ct)).ShouldHaveSingleItem();
        received.IsValid.ShouldBeTrue();
        received.Body.ShouldBe(job);
        received.ReceiveCount.ShouldBe(1);
        received.TraceParent.TraceId.ShouldBe(activity.TraceId);
        received.TraceParent.SpanId.ShouldBe(activity.SpanId);
        received.TraceParent.TraceState.ShouldBe("telegramai=1");
    }

    [Fact]
    public async Task A_batch_larger_than_ten_is_sent_whole_and_reported_in_order()
    {
        var jobs = await NewJobsQueueAsync();
        var batch = Enumerable.Range(0, 23).Select(Job).ToList();

        var outcomes = await jobs.SendBatchAsync(batch, traceParent: null, Ct);

        outcomes.Count.ShouldBe(23);
        outcomes.ShouldAllBe(o => o.Sent);
        var seen = new List<JobMessage>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (seen.Count < 23 && DateTime.UtcNow < deadline)
        {
            var received = await jobs.ReceiveAsync(10, TimeSpan.FromSeconds(1), Ct);
            seen.AddRange(received.Select(r => r.Body!));
            (await jobs.DeleteBatchAsync(received.Select(r => r.ReceiptHandle).ToList(), Ct)).ShouldBeEmpty();
        }

        seen.Select(j => j.JobId).Order().ShouldBe(batch.Select(j => j.JobId).Order());
    }

    [Theory]
    [InlineData("not json at all", "not a valid JobMessage")]
    [InlineData("null", "JSON null")]
    [InlineData("{\"schemaVersion\":99,\"jobId\":\"6f9619ff-8b86-d011-b42d-00cf4fc964ff\",\"chatId\":1,\"userId\":1,\"statusMessageId\":1,\"kind\":\"Url\",\"request\":\"x\",\"requestedAt\":\"2026-01-01T00:00:00Z\"}", "schema version 99")]
    [InlineData("{\"jobId\":\"6f9619ff-8b86-d011-b42d-00cf4fc964ff\"}", "not a valid JobMessage")]
    public async Task A_message_that_is_not_a_valid_job_is_received_as_poison_with_the_reason(string body, string reason)
    {
        var jobs = await NewJobsQueueAsync();
        await moto.Sqs().SendMessageAsync(new SendMessageRequest() { QueueUrl = jobs.QueueUrl, MessageBody = body }, Ct);

        var received = (await jobs.ReceiveAsync(1, TimeSpan.FromSeconds(5), Ct)).ShouldHaveSingleItem();

        received.IsValid.ShouldBeFalse();
        received.InvalidReason.ShouldNotBeNull().ShouldContain(reason);
        received.Raw.Body.ShouldBe(body);
    }

    [Fact]
    public async Task An_empty_poll_is_an_empty_list_and_a_queue_that_does_not_exist_is_named_in_the_error()
    {
        var jobs = await NewJobsQueueAsync();
        (await jobs.ReceiveAsync(10, TimeSpan.Zero, Ct)).ShouldBeEmpty();

        var missing = $"{moto.Server.Endpoint}123456789012/{MotoFixture.UniqueName("missing")}";
        var gone = Queues.Jobs(moto.Sqs(), missing);

        var error = await Should.ThrowAsync<QueueDoesNotExistException>(() => gone.SendAsync(Job(), Ct));
        error.Message.ShouldContain(missing);
        (await Should.ThrowAsync<QueueDoesNotExistException>(() => gone.ReceiveAsync(1, TimeSpan.Zero, Ct))).Message.ShouldContain(missing);
    }
}
