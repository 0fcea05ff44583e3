using System.Reflection;

namespace TelegramAI.AppHost.LocalResources;

/// <summary>
/// Where the built services are. The AppHost's project references build them alongside it; their output
/// paths are recorded at build time (AssemblyMetadata in the project file).
/// </summary>
public static class ServiceBinaries
{
    public const string Bot = "bot";
    public const string Worker = "worker";
    public const string MetricSender = "metric-sender";

    public static string DllOf(string service)
    {
        var path = typeof(ServiceBinaries).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(metadata => metadata.Key == "ServiceDll:" + service)?.Value
            ?? throw new InvalidOperationException($"no build path recorded for {service}");
        path = Path.GetFullPath(path);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{service} is not built at {path}: run 'dotnet build TelegramAI.AppHost' first");
    }
}
