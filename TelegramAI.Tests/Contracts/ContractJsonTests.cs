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
            StatusMessageId = 7,
            Kind = RequestKind.Search,
            Request = "never gonna give you up",
            RequestedAt = DateTimeOffset.Parse("2026-11-22T00:00:00Z"),
        };

        var json = JsonSerializer.Serialize(job, ContractJson.Default.JobMessage);

        json.ShouldContain("\"kind\":\"Search\"");
        JsonSerializer.Deserialize(json, ContractJson.Default.JobMessage).ShouldBe(job);
    }
}
