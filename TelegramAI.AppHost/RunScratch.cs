namespace TelegramAI.AppHost;

/// <summary>
/// This run's folder for the services' files (the workers' downloads, the bot's state with the local
/// stand-in), made on first use under the system's temporary folder and deleted when the AppHost stops.
/// </summary>
public sealed class RunScratch : IDisposable
{
    private readonly Lazy<DirectoryInfo> _root = new(() => Directory.CreateTempSubdirectory("telegramai-apphost-"));

    /// <summary>The folder of one service, by its resource name; made by the service itself.</summary>
    public string FolderFor(string resourceName) => Path.Combine(_root.Value.FullName, resourceName);

    public void Dispose()
    {
        if (_root.IsValueCreated && _root.Value.Exists)
        {
            try
            {
                _root.Value.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A process DCP has not reaped yet may still write there; the system's temp cleanup takes the rest.
            }
        }
    }
}
