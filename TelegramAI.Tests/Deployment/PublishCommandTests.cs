using TelegramAI.Deployment;

namespace TelegramAI.Tests.Deployment;

public sealed class PublishCommandTests : IDisposable
{
    private readonly DirectoryInfo _output = Directory.CreateTempSubdirectory("telegramai-publish-");

    [Fact]
    public async Task Publish_writes_the_template_into_the_output_directory()
    {
        var exitCode = await PublishCommand.RunAsync(["--output", _output.FullName], TestContext.Current.CancellationToken);

        exitCode.ShouldBe(0);
        var written = await File.ReadAllTextAsync(
            Path.Combine(_output.FullName, TemplateJson.FileName), TestContext.Current.CancellationToken);
        written.ShouldBe(TemplateJson.Serialize(ProductionTemplate.Build()));
    }

    [Theory]
    [InlineData()]
    [InlineData("--output")]
    [InlineData("--out", "deploy")]
    [InlineData("--output", "deploy", "extra")]
    public async Task Invalid_arguments_exit_with_2(params string[] args) =>
        (await PublishCommand.RunAsync(args, TestContext.Current.CancellationToken)).ShouldBe(PublishCommand.UsageError);

    public void Dispose() => _output.Delete(recursive: true);
}
