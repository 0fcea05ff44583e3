using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TelegramAI.Contracts.Configuration;

namespace TelegramAI.Tests.ServiceDefaults;

public sealed class ServiceRunTests
{
    [Fact]
    public async Task A_background_loop_that_fails_ends_the_service_with_a_failure_exit_code()
    {
        await using var app = Build(new InvalidOperationException("the queue vanished"));

        (await app.RunServiceAsync()).ShouldBe(ServiceRunExtensions.FailureExitCode);
    }

    [Fact]
    public async Task A_background_loop_stopped_by_a_setting_ends_with_the_configuration_exit_code()
    {
        await using var app = Build(new ConfigurationException("Queues__Jobs", "the queue 'jobs' does not exist."));

        (await app.RunServiceAsync()).ShouldBe(ServiceRunExtensions.ConfigurationErrorExitCode);
    }

    private static WebApplication Build(Exception failure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddHostedService(_ => new FailingLoop(failure));
        return builder.Build();
    }

    private sealed class FailingLoop(Exception failure) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw failure;
        }
    }
}
