using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using TelegramAI.Tests.Deployment;
using TelegramAI.Tests.Support;
using TelegramAI.Worker.Downloads;

namespace TelegramAI.Tests.Worker;

/// <summary>At start the worker says which yt-dlp it runs, and warns when it is far older than the pinned one.</summary>
public sealed class WorkerYtDlpVersionTests(MotoFixture moto)
{
    private const string TooOld = "days older than the pinned";

    /// <summary>The pin as the Dockerfile and scripts/prerequisites.sh read it.</summary>
    private static readonly YtDlpVersion PinnedInRepository = YtDlpVersion.Parse(
        File.ReadAllText(Path.Combine(EmittedTemplate.RepositoryRoot(), "TelegramAI.Worker", "yt-dlp.version")))!;

    [Fact]
    public void The_worker_is_built_with_the_version_the_repository_pins() =>
        YtDlpVersion.Pinned.ShouldBe(PinnedInRepository);

    [Theory]
    [InlineData(0, false)]
    [InlineData(90, false)]
    [InlineData(91, true)]
    [InlineData(-30, false)]
    public async Task A_version_more_than_90_days_older_than_the_pinned_one_is_warned_about(int daysOlder, bool warned)
    {
        var version = PinnedInRepository.Released.AddDays(-daysOlder).ToString("yyyy.MM.dd", CultureInfo.InvariantCulture);
        using var ytDlp = new StandInYtDlp(StandInRule.Version(version));
        await using var bed = await WorkerTestBed.CreateAsync(moto);
        var worker = bed.StartWorker(new Dictionary<string, string> { ["Downloads__YtDlpPath"] = ytDlp.Path });

        await worker.WaitForOutputAsync("Worker ready", TimeSpan.FromSeconds(60));

        worker.Output.ShouldContain($"Downloading with yt-dlp {version}");
        worker.Output.Contains(TooOld, StringComparison.Ordinal).ShouldBe(warned);
        if (warned)
            worker.Output.ShouldContain($"yt-dlp {version} is {daysOlder} {TooOld} {PinnedInRepository}");
    }

    [Fact]
    public async Task The_yt_dlp_on_this_machine_is_named_at_start()
    {
        var installed = await VersionOfInstalledYtDlpAsync();
        await using var bed = await WorkerTestBed.CreateAsync(moto);
        var worker = bed.StartWorker();

        await worker.WaitForOutputAsync("Worker ready", TimeSpan.FromSeconds(60));

        worker.Output.ShouldContain($"Downloading with yt-dlp {installed}");
        // Debian's (2023.03.04 when this was written) is far older than the pin; the one from PyPI is not.
        var lag = YtDlpVersion.Parse(installed)!.OlderThan(PinnedInRepository);
        worker.Output.Contains(TooOld, StringComparison.Ordinal).ShouldBe(lag > YtDlpVersion.MaxLag);
    }

    [Fact]
    public async Task A_yt_dlp_that_cannot_be_run_stops_the_worker_with_one_line_naming_the_key()
    {
        await using var bed = await WorkerTestBed.CreateAsync(moto);
        var worker = bed.StartWorker(new Dictionary<string, string> { ["Downloads__YtDlpPath"] = "/nonexistent/yt-dlp" });

        (await worker.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBe(ServiceRunExtensions.ConfigurationErrorExitCode);
        worker.Output.ShouldContain("Downloads__YtDlpPath: cannot run '/nonexistent/yt-dlp'");
    }

    [Fact]
    public async Task A_cookies_file_that_is_not_there_stops_the_worker_with_one_line_naming_the_key()
    {
        await using var bed = await WorkerTestBed.CreateAsync(moto);
        var worker = bed.StartWorker(new Dictionary<string, string> { ["Downloads__CookiesFile"] = "/nonexistent/cookies.txt" });

        (await worker.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBe(ServiceRunExtensions.ConfigurationErrorExitCode);
        worker.Output.ShouldContain("Downloads__CookiesFile: no file at '/nonexistent/cookies.txt'.");
    }

    [Theory]
    [InlineData("ftp://host:21")]
    [InlineData("not a url at all s3cret")]
    public async Task A_proxy_that_is_not_a_proxy_URL_stops_the_worker_without_repeating_it(string proxy)
    {
        await using var bed = await WorkerTestBed.CreateAsync(moto);
        var worker = bed.StartWorker(new Dictionary<string, string> { ["Downloads__Proxy"] = proxy });

        (await worker.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBe(ServiceRunExtensions.ConfigurationErrorExitCode);
        worker.Output.ShouldContain("Downloads__Proxy: must be a proxy URL");
        worker.Output.ShouldNotContain(proxy);
    }

    private static async Task<string> VersionOfInstalledYtDlpAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("yt-dlp", ["--version"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return output.Trim();
    }
}
