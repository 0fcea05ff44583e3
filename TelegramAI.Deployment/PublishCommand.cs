namespace TelegramAI.Deployment;

/// <summary><c>publish --output &lt;dir&gt;</c>: writes the production CloudFormation template.</summary>
public static class PublishCommand
{
    public const int UsageError = 2;

    private const string Usage = "usage: publish --output <dir>";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        if (args is not ["--output", var outputDirectory] || string.IsNullOrWhiteSpace(outputDirectory))
        {
            await Console.Error.WriteLineAsync(Usage);
            return UsageError;
        }

        Directory.CreateDirectory(outputDirectory);
        var path = Path.Combine(outputDirectory, TemplateJson.FileName);
        var json = TemplateJson.Serialize(ProductionTemplate.Build());
        await File.WriteAllTextAsync(path, json, cancellationToken);
        Console.WriteLine($"wrote {path}");
        return 0;
    }
}
