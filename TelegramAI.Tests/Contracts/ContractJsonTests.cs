using System.Text.Json;
using TelegramAI.Contracts.Jobs;

namespace TelegramAI.Tests.Contracts;

public sealed class ContractJsonTests
{
    [Fact]
    public void A_job_survives_the_round_trip_through_its_json()
    {
        var job = new JobMessage
        {
            JobId = Guid.NewGuid(),
            ChatId = -100123,
            UserId = 42,
            Kind = RequestKind.Search,
            Request = "never gonna give you up",
            RequestedAt = DateTimeOffset.Parse("2026-11-22T00:00:00Z"),
        };

        var json = JsonSerializer.Serialize(job, ContractJson.Default.JobMessage);

        json.ShouldContain("\"kind\":\"Search\"");
        JsonSerializer.Deserialize(json, ContractJson.Default.JobMessage).ShouldBe(job);
    }

    [Fact]
    public void A_version_1_job_and_its_results_keep_the_status_message_and_version_1()
    {
        const string fromAnOldBot = """
            {"schemaVersion":1,"jobId":"0b4f3e1c-5d2a-4e8f-9c3b-1a2b3c4d5e6f","chatId":42,"userId":42,"statusMessageId":7,
             "kind":"Url","request":"https://example.com/v.mp4","requestedAt":"2026-11-22T00:00:00+00:00"}
            """;

        var job = JsonSerializer.Deserialize(fromAnOldBot, ContractJson.Default.JobMessage)!;
        var result = JobResult.For(job, JobResultKind.Progress, DateTimeOffset.UnixEpoch);

        job.StatusMessageId.ShouldBe(7);
        result.SchemaVersion.ShouldBe(1);
        result.StatusMessageId.ShouldBe(7);
        JsonSerializer.Serialize(result, ContractJson.Default.JobResult).ShouldContain("\"statusMessageId\":7");
    }

    [Fact]
    public void A_current_job_names_no_status_message_and_neither_do_its_results()
    {
        var job = new JobMessage
        {
            JobId = Guid.NewGuid(), ChatId = 42, UserId = 42, Kind = RequestKind.Url, Request = "https://example.com/v.mp4", RequestedAt = DateTimeOffset.UnixEpoch,
        };

        var result = JobResult.For(job, JobResultKind.Succeeded, DateTimeOffset.UnixEpoch);

        JsonSerializer.Serialize(job, ContractJson.Default.JobMessage).ShouldNotContain("statusMessageId");
        result.SchemaVersion.ShouldBe(JobResult.CurrentSchemaVersion);
        JsonSerializer.Serialize(result, ContractJson.Default.JobResult).ShouldNotContain("statusMessageId");
    }
}
