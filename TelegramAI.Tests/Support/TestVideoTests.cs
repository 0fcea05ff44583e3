using TelegramAI.Worker.Downloads;

namespace TelegramAI.Tests.Support;

public sealed class TestVideoTests(TestVideo video)
{
    [Fact]
    public void The_video_is_a_small_mp4()
    {
        File.ReadAllBytes(video.FilePath).ShouldBe(video.Bytes);
        video.Bytes.Length.ShouldBeInRange(10_000, 500_000);
        // An ISO media file opens with an ftyp box.
        video.Bytes[4..8].ShouldBe("ftyp"u8.ToArray());
    }

    [Fact]
    public async Task The_script_makes_the_same_video()
    {
        var token = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        var output = Path.Combine(folder.FullPath, "from-script.mp4");
        var errors = new List<string>();

        var exitCode = await ChildProcess.RunAsync(
            "bash", [Path.Combine(RepositoryRoot(), "scripts", "make-test-video.sh"), output], _ => { }, errors.Add, null, token);

        exitCode.ShouldBe(0, string.Join('\n', errors));
        (await File.ReadAllBytesAsync(output, token)).ShouldBe(video.Bytes);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "TelegramAI.sln")))
            folder = folder.Parent;
        return folder?.FullName ?? throw new DirectoryNotFoundException("No TelegramAI.sln above the test binaries.");
    }
}
