namespace TelegramAI.Tests.Support;

/// <summary>A fresh folder under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("telegramai-test-");

    public string FullPath => _folder.FullName;

    public string[] Files() => Directory.GetFiles(FullPath);

    public void Dispose() => _folder.Delete(recursive: true);
}
