using Amazon.SQS.Model;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Tests.Support;
using TelegramAI.Worker.Jobs;

namespace TelegramAI.Tests.Worker;

public sealed class WorkerPoisonMessageTests(MotoFixture moto, TestVideo video)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Messages_that_are_not_jobs_go_to_the_dead_letter_queue_as_they_came_and_the_next_job_still_succeeds()
    {
        await using var bed = await WorkerTestBed.CreateAsync(moto);
        await using var server = await LoopbackVideoServer.StartAsync(Ct);
        server.Serve("/video.mp4", video.Bytes, "video/mp4");
        var worker = bed.StartWorker();

        const string notJson = "{ this is not json";
        const string unknownVersion = """{"schemaVersion":99,"jobId":"6f9619ff-8b86-d011-b42d-00cf4fc964ff","chatId":1,"userId":1,"statusMessageId":1,"kind":"Url","request":"x","requestedAt":"2026-01-01T00:00:00Z"}""";
        await bed.Sqs.SendMessageAsync(new SendMessageRequest()
        {
            QueueUrl = bed.Jobs.QueueUrl,
            MessageBody = notJson,
            MessageAttributes = new() { ["origin"] = new MessageAttributeValue { DataType = "String", StringValue = "a test" } },
        }, Ct);
        await bed.Sqs.SendMessageAsync(new SendMessageRequest() { QueueUrl = bed.Jobs.QueueUrl, MessageBody = unknownVersion }, Ct);
        var job = await bed.SendJobAsync(RequestKind.Url, server.Url("/video.mp4"));

        (await bed.WaitForFinalResultAsync(job.JobId)).Body!.Kind.ShouldBe(JobResultKind.Succeeded);

        var deadLetters = new List<Message>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (deadLetters.Count < 2 && DateTime.UtcNow < deadline)
        {
            deadLetters.AddRange((await bed.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest()
            {
                QueueUrl = bed.DeadLettersUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 2, MessageAttributeNames = ["All"],
            }, Ct)).Messages);
        }

        deadLetters.Select(m => m.Body).Order().ShouldBe(new[] { notJson, unknownVersion }.Order());
        var first = deadLetters.Single(m => m.Body == notJson);
        first.MessageAttributes["origin"].StringValue.ShouldBe("a test");
        first.MessageAttributes[DeadLetterQueue.InvalidReasonAttribute].StringValue.ShouldNotBeNull().ShouldContain("not a valid JobMessage");
        deadLetters.Single(m => m.Body == unknownVersion).MessageAttributes[DeadLetterQueue.InvalidReasonAttribute].StringValue.ShouldBe("schema version 99 is not 1 or 2");

        await bed.ShouldHaveNoJobsLeftAsync();
        worker.HasExited.ShouldBeFalse();
    }
}
