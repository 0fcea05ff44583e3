using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace TelegramAI.Tests.AppHost;

/// <summary>The AppHost's application model as its settings shape it, read without starting anything.</summary>
public sealed class AppHostModelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_bot_token_the_local_Telegram_runs_and_the_bot_waits_for_it_and_the_stack()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TelegramAI_AppHost>(
            ["Telegram:BotToken=", "AWS_ENDPOINT_URL=", "AppHost:MaxWorkers=3", "AppHost:Workers=2"], Ct);

        builder.Resources.Select(resource => resource.Name).ShouldBe(
            ["aws", "stack", "telegram", "bot", "metric-sender", "workers", "worker-1", "worker-2", "worker-3"], ignoreOrder: true);
        builder.Resources.OfType<ParameterResource>().ShouldBeEmpty();
        WaitsFor(builder, "bot").ShouldBe(["stack", "telegram"], ignoreOrder: true);
        WaitsFor(builder, "stack").ShouldBe(["aws"]);

        // The first AppHost__Workers start with the AppHost; the rest wait for the local autoscaler.
        ExplicitStart(builder, "worker-1").ShouldBeFalse();
        ExplicitStart(builder, "worker-2").ShouldBeFalse();
        ExplicitStart(builder, "worker-3").ShouldBeTrue();
    }

    [Fact]
    public async Task With_a_bot_token_there_is_no_stand_in_and_the_token_is_a_secret_parameter()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TelegramAI_AppHost>(
            ["Telegram:BotToken=123456789:AAModelTestTokenNotARealBot_0123456", "AWS_ENDPOINT_URL="], Ct);

        builder.Resources.ShouldNotContain(resource => resource.Name == "telegram");
        builder.Resources.OfType<ParameterResource>().ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            token => token.Name.ShouldBe("telegram-bot-token"),
            token => token.Secret.ShouldBeTrue());
        WaitsFor(builder, "bot").ShouldBe(["stack"]);
    }

    [Fact]
    public async Task With_AWS_ENDPOINT_URL_no_moto_is_started_and_the_stack_waits_for_that_endpoint()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TelegramAI_AppHost>(
            ["Telegram:BotToken=", "AWS_ENDPOINT_URL=http://127.0.0.1:4566"], Ct);

        builder.Resources.Single(resource => resource.Name == "aws").ShouldBeOfType<ExternalServiceResource>();
        builder.Resources.OfType<ExecutableResource>().ShouldNotContain(resource => resource.Command == "moto_server");
    }

    private static IEnumerable<string> WaitsFor(IDistributedApplicationTestingBuilder builder, string name) =>
        builder.Resources.Single(resource => resource.Name == name).Annotations.OfType<WaitAnnotation>().Select(wait => wait.Resource.Name);

    private static bool ExplicitStart(IDistributedApplicationTestingBuilder builder, string name) =>
        builder.Resources.Single(resource => resource.Name == name).Annotations.OfType<ExplicitStartupAnnotation>().Any();
}
