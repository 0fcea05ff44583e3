using TelegramAI.Deployment;

namespace TelegramAI.Tests.Deployment;

public sealed class CommittedTemplateTests
{
    private const string Regenerate = "dotnet run --project TelegramAI.AppHost -- publish --output deploy";

    [Fact]
    public async Task The_committed_template_is_what_the_code_emits()
    {
        var path = Path.Combine(EmittedTemplate.RepositoryRoot(), "deploy", TemplateJson.FileName);
        File.Exists(path).ShouldBeTrue($"{path} is missing; create it with: {Regenerate}");

        var committed = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);

        committed.ShouldBe(
            TemplateJson.Serialize(ProductionTemplate.Build()),
            $"deploy/{TemplateJson.FileName} is out of date; regenerate it with: {Regenerate}");
    }

    [Fact]
    public void Emitting_twice_gives_the_same_bytes() =>
        TemplateJson.Serialize(ProductionTemplate.Build()).ShouldBe(TemplateJson.Serialize(ProductionTemplate.Build()));
}
