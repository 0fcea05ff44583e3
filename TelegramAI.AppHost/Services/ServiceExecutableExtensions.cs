using System.Reflection;

namespace TelegramAI.AppHost.Services;

public static class ServiceExecutableExtensions
{
    /// <summary>The build configuration the AppHost was built in; `dotnet run` builds the services in the same.</summary>
    private static readonly string Configuration =
        typeof(ServiceExecutableExtensions).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>
    /// A .NET service of this repository as an executable resource that runs its own build output (the
    /// project's <c>bin/&lt;configuration&gt;/net10.0/&lt;name&gt;</c>, in the project's folder as `dotnet run`
    /// would). A project resource would run under a `dotnet run` of its own, which DCP starts around each
    /// project: measured here at about 67 MB of memory (PSS) and an MSBuild evaluation of start-up time per
    /// service, for nothing the service uses. The AppHost's project references build the services first.
    /// </summary>
    public static IResourceBuilder<ExecutableResource> AddService<TProject>(this IDistributedApplicationBuilder builder, [ResourceName] string name)
        where TProject : IProjectMetadata, new()
    {
        var project = new TProject().ProjectPath;
        var folder = Path.GetDirectoryName(project)!;
        var output = Path.Combine(folder, "bin", Configuration, $"net{Environment.Version.Major}.0", Path.GetFileNameWithoutExtension(project));
        return builder.AddExecutable(name, output, folder)
            .WithOtlpExporter()
            .WithIconName("Code");
    }
}
