using TelegramAI.Tests.Support;
using TelegramAI.Worker.Downloads;

[assembly: AssemblyFixture(typeof(TestVideo))]

namespace TelegramAI.Tests.Support;

/// <summary>
/// A small real mp4 (H.264 + AAC, 3 s), made with ffmpeg once per test run. Tests take it in their
/// constructor. scripts/make-test-video.sh makes the same file by hand.
/// </summary>
public sealed class TestVideo : IAsyncLifetime
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);

    private DirectoryInfo? _folder;

    public string FilePath { get; private set; } = "";

    public byte[] Bytes { get; private set; } = [];

    /// <summary>
    /// Bit-exact flags and one thread make every run give the same bytes, so the script and this
    /// class can be compared.
    /// </summary>
    public static IReadOnlyList<string> FfmpegArguments(string outputPath) =>
    [
        "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", $"testsrc=duration={Duration.TotalSeconds}:size=320x240:rate=25",
        "-f", "lavfi", "-i", $"sine=frequency=440:duration={Duration.TotalSeconds}",
        "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "baseline", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "64k",
        "-shortest", "-movflags", "+faststart", "-map_metadata", "-1",
        "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact", "-threads", "1",
        outputPath,
    ];

    public async ValueTask InitializeAsync()
    {
        _folder = Directory.CreateTempSubdirectory("telegramai-test-video-");
        FilePath = Path.Combine(_folder.FullName, "test-video.mp4");

        var errors = new List<string>();
        var exitCode = await ChildProcess.RunAsync(
            "ffmpeg", FfmpegArguments(FilePath), _ => { }, errors.Add, onStarted: null, TestContext.Current.CancellationToken);
        if (exitCode != 0)
            throw new InvalidOperationException($"ffmpeg exited with {exitCode}: {string.Join('\n', errors)}");

        Bytes = await File.ReadAllBytesAsync(FilePath);
    }

    public ValueTask DisposeAsync()
    {
        _folder?.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}
