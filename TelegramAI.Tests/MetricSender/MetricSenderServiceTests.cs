using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using TelegramAI.MetricSender;
using TelegramAI.MetricSender.Health;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.MetricSender;

/// <summary>The service as Program.cs composes it: the loop publishes at start and /health reports it.</summary>
public sealed class MetricSenderServiceTests(MotoFixture moto)
{
    private readonly ScalingTestBed _bed = new(moto);

    [Fact]
    public async Task The_running_service_publishes_its_first_period_at_start_and_health_reports_the_publish()
    {
        var ct = TestContext.Current.CancellationToken;
        var workers = await _bed.WorkerGroupAsync(desiredCapacity: 5, messages: 10);
        var builder = WebApplication.CreateBuilder(["--urls=http://127.0.0.1:0"]);
        builder.Configuration.AddInMemoryCollection(moto.Server.Environment.Select(e => KeyValuePair.Create(e.Key, (string?)e.Value)));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Scaling:Targets:0:Queue"] = workers.QueueUrl,
            ["Scaling:Targets:0:AutoScalingGroup"] = workers.Group,
            ["Scaling:Namespace"] = _bed.Namespace,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "",
        });
        builder.AddServiceDefaults();
        builder.AddMetricSender();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(ct);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var check = await WaitForPublishingCheckAsync(client, ct);

        check.GetProperty("status").GetString().ShouldBe("Healthy");
        check.GetProperty("description").GetString()!.ShouldStartWith("Last published at ");
        await _bed.ShouldHavePublishedAsync(workers.Group, backlogPerInstance: 2, messages: 10, capacity: 5);
        await app.StopAsync(ct);
    }

    /// <summary>/health's metric-publishing entry once it reports a publish, within a deadline.</summary>
    private static async Task<JsonElement> WaitForPublishingCheckAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await client.SendAsync(request, deadline.Token);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(deadline.Token));
            var check = json.RootElement.GetProperty("checks").GetProperty(PublishingHealthCheck.Name).Clone();
            if (check.GetProperty("description").GetString()!.StartsWith("Last published", StringComparison.Ordinal))
            {
                return check;
            }

            await Task.Delay(50, deadline.Token);
        }
    }
}
