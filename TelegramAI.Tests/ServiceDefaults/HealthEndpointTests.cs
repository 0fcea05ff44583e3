using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace TelegramAI.Tests.ServiceDefaults;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task A_failing_dependency_fails_health_but_not_aliveness()
    {
        await using var app = await StartServiceAsync(checks =>
            checks.AddCheck("queue", () => HealthCheckResult.Unhealthy("queue unreachable")));
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        var cancellation = TestContext.Current.CancellationToken;

        var health = await client.GetAsync("/health", cancellation);
        var alive = await client.GetAsync("/alive", cancellation);

        health.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await health.Content.ReadAsStringAsync(cancellation)).ShouldBe("Unhealthy");
        alive.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await alive.Content.ReadAsStringAsync(cancellation)).ShouldBe("Healthy");
    }

    [Fact]
    public async Task Health_answers_with_every_check_as_json_when_asked()
    {
        await using var app = await StartServiceAsync(checks =>
            checks.AddCheck("queue", () => HealthCheckResult.Unhealthy("queue unreachable")));
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        json.RootElement.GetProperty("status").GetString().ShouldBe("Unhealthy");
        var checks = json.RootElement.GetProperty("checks");
        checks.GetProperty("self").GetProperty("status").GetString().ShouldBe("Healthy");
        checks.GetProperty("queue").GetProperty("description").GetString().ShouldBe("queue unreachable");
    }

    [Fact]
    public async Task A_healthy_service_passes_both()
    {
        await using var app = await StartServiceAsync(_ => { });
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        (await client.GetStringAsync("/health", TestContext.Current.CancellationToken)).ShouldBe("Healthy");
        (await client.GetStringAsync("/alive", TestContext.Current.CancellationToken)).ShouldBe("Healthy");
    }

    private static async Task<WebApplication> StartServiceAsync(Action<IHealthChecksBuilder> addChecks)
    {
        var builder = WebApplication.CreateBuilder(["--urls=http://127.0.0.1:0"]);
        builder.AddServiceDefaults();
        addChecks(builder.Services.AddHealthChecks());
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }
}
