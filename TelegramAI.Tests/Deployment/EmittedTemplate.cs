using System.Text.Json.Nodes;
using TelegramAI.Deployment;

namespace TelegramAI.Tests.Deployment;

/// <summary>The template as the publish command emits it, with ways to find its parts.</summary>
internal static class EmittedTemplate
{
    public static JsonObject Build() => ProductionTemplate.Build();

    public static JsonObject Resource(string logicalName) =>
        Build()["Resources"]![logicalName]!.AsObject();

    public static JsonObject Properties(string logicalName) => Resource(logicalName)["Properties"]!.AsObject();

    public static IEnumerable<(string Name, JsonObject Resource)> ResourcesOfType(string type) =>
        Build()["Resources"]!.AsObject()
            .Where(pair => (string?)pair.Value!["Type"] == type)
            .Select(pair => (pair.Key, pair.Value!.AsObject()));

    /// <summary>Every string in the node, depth first.</summary>
    public static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(pair => Strings(pair.Value)),
        JsonArray array => array.SelectMany(Strings),
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        _ => [],
    };

    /// <summary>The directory holding TelegramAI.sln, found from the test binaries upwards.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TelegramAI.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No TelegramAI.sln above {AppContext.BaseDirectory}");
    }
}
