using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TelegramAI.AppHost;

/// <summary>
/// This run's folder for the services' files (the workers' downloads, the bot's state with the local
/// stand-in), made on first use under the system's temporary folder and deleted once the AppHost has
/// stopped every process it started.
/// </summary>
public sealed class RunScratch
{
    private readonly Lazy<DirectoryInfo> _root = new(() => Directory.CreateTempSubdirectory("telegramai-apphost-"));

    /// <summary>The folder of one service, by its resource name; made by the service itself.</summary>
    public string FolderFor(string resourceName) => Path.Combine(_root.Value.FullName, resourceName);

    private void Delete()
    {
        if (_root.IsValueCreated && _root.Value.Exists)
        {
            try
            {
                _root.Value.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Something still writes there; the system's temporary-files cleanup takes the rest.
            }
        }
    }

    public static RunScratch AddTo(IDistributedApplicationBuilder builder)
    {
        var scratch = new RunScratch();
        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((e, _) =>
        {
            e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(scratch.Delete);
            return Task.CompletedTask;
        });
        return scratch;
    }
}
