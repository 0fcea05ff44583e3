using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using TelegramAI.Tests.Deployment;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Worker;

/// <summary>One yt-dlp version, named in one place, used by the worker image and the project's scripts alike.</summary>
public sealed partial class PinnedYtDlpTests
{
    private const string VersionFile = "TelegramAI.Worker/yt-dlp.version";

    private static readonly string Root = EmittedTemplate.RepositoryRoot();

    private static string Pinned => File.ReadAllText(Path.Combine(Root, VersionFile)).Trim();

    [Theory]
    [InlineData("TelegramAI.Worker/Dockerfile")]
    [InlineData("scripts/prerequisites.sh")]
    public void The_image_and_the_scripts_read_the_version_file_and_name_no_version_of_their_own(string file)
    {
        var text = File.ReadAllText(Path.Combine(Root, file));

        text.ShouldContain("yt-dlp.version");
        DateVersion().Matches(text).Select(match => match.Value).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("TelegramAI.Worker")]
    [InlineData("TelegramAI.Bot")]
    [InlineData("TelegramAI.MetricSender")]
    public void Each_image_copies_every_project_its_service_builds_from(string service)
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, service, "Dockerfile"));

        foreach (var project in ProjectsBehind(service))
        {
            dockerfile.ShouldContain($"COPY {project}/{project}.csproj ", customMessage: project);
            dockerfile.ShouldContain($"COPY {project}/ {project}/", customMessage: project);
        }
    }

    [Fact]
    public async Task Prerequisites_install_the_pinned_version_in_a_virtual_environment_when_the_package_index_has_it()
    {
        using var work = new TempFolder();
        var wheels = Directory.CreateDirectory(Path.Combine(work.FullPath, "wheels")).FullName;
        WriteStandInWheel(wheels, Pinned);
        var cache = Path.Combine(work.FullPath, "cache");

        var (exitCode, output, errors) = await SourcePrerequisitesAsync(cache, wheels, "command -v yt-dlp; yt-dlp --version");

        exitCode.ShouldBe(0, errors);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith(Path.Combine(cache, "telegramai", $"yt-dlp-{Pinned}") + "/");
        lines[1].ShouldBe(Pinned);
        errors.ShouldNotContain("could not be installed");
        // Its own environment, not the system's Python.
        File.Exists(Path.Combine(cache, "telegramai", $"yt-dlp-{Pinned}", "pyvenv.cfg")).ShouldBeTrue();
    }

    [Fact]
    public async Task Without_the_package_index_prerequisites_fall_back_to_the_installed_yt_dlp_and_say_so_in_one_line()
    {
        using var work = new TempFolder();
        var emptyIndex = Directory.CreateDirectory(Path.Combine(work.FullPath, "wheels")).FullName;
        var cache = Path.Combine(work.FullPath, "cache");

        var (exitCode, output, errors) = await SourcePrerequisitesAsync(cache, emptyIndex, "command -v yt-dlp");

        exitCode.ShouldBe(0, errors);
        output.Trim().ShouldNotStartWith(cache);
        var said = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldHaveSingleItem();
        said.ShouldContain($"yt-dlp {Pinned} could not be installed from PyPI");
        said.ShouldContain($"YouTube needs yt-dlp {Pinned} or newer");
        Directory.Exists(Path.Combine(cache, "telegramai", $"yt-dlp-{Pinned}")).ShouldBeFalse();
    }

    /// <summary>Sources the script in bash with a package index of one folder (<c>PIP_NO_INDEX</c>, <c>PIP_FIND_LINKS</c>), then runs <paramref name="then"/>.</summary>
    private static async Task<(int ExitCode, string Output, string Errors)> SourcePrerequisitesAsync(string cache, string index, string then)
    {
        var start = new ProcessStartInfo("bash", ["-c", $"source scripts/prerequisites.sh && {then}"])
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["XDG_CACHE_HOME"] = cache;
        start.Environment["PIP_NO_INDEX"] = "1";
        start.Environment["PIP_FIND_LINKS"] = index;

        using var process = Process.Start(start)!;
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);
            return (process.ExitCode, await output, await errors);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>
    /// A wheel named yt-dlp at <paramref name="version"/> whose <c>yt-dlp</c> command prints that version: what
    /// the scripts install from PyPI, which this machine cannot reach.
    /// </summary>
    private static void WriteStandInWheel(string folder, string version)
    {
        var distInfo = $"yt_dlp-{version}.dist-info";
        using var wheel = ZipFile.Open(Path.Combine(folder, $"yt_dlp-{version}-py3-none-any.whl"), ZipArchiveMode.Create);
        var files = new Dictionary<string, string>
        {
            ["yt_dlp_standin.py"] = $"def main():\n    print(\"{version}\")\n",
            [$"{distInfo}/METADATA"] = $"Metadata-Version: 2.1\nName: yt-dlp\nVersion: {version}\nProvides-Extra: default\nProvides-Extra: deno\n",
            [$"{distInfo}/WHEEL"] = "Wheel-Version: 1.0\nGenerator: telegramai-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
            [$"{distInfo}/entry_points.txt"] = "[console_scripts]\nyt-dlp = yt_dlp_standin:main\n",
        };
        files[$"{distInfo}/RECORD"] = string.Concat(files.Keys.Select(name => $"{name},,\n")) + $"{distInfo}/RECORD,,\n";
        foreach (var (name, text) in files)
        {
            using var entry = new StreamWriter(wheel.CreateEntry(name).Open());
            entry.Write(text);
        }
    }

    /// <summary>The project and every project it references, directly or not, by folder name.</summary>
    private static HashSet<string> ProjectsBehind(string project)
    {
        var found = new HashSet<string>();
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (!found.Add(next))
                continue;
            var references = XDocument.Load(Path.Combine(Root, next, $"{next}.csproj")).Descendants("ProjectReference")
                .Select(reference => Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value));
            foreach (var reference in references)
                pending.Push(reference);
        }

        return found;
    }

    [GeneratedRegex(@"\b20[0-9]{2}\.[0-9]{2}\.[0-9]{2}\b")]
    private static partial Regex DateVersion();
}
