using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Tests.Support;
using TelegramAI.Worker.Downloads;

namespace TelegramAI.Tests.Downloads;

/// <summary>The real yt-dlp against the real test video, served on loopback.</summary>
public sealed class YtDlpVideoDownloaderTests(TestVideo video) : IAsyncLifetime
{
    private const string VideoPath = "/clips/sample.mp4";

    private readonly TempFolder _folder = new();
    private readonly List<int> _startedProcesses = [];
    private LoopbackVideoServer _server = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await LoopbackVideoServer.StartAsync(Token);
        _server.Serve(VideoPath, video.Bytes, "video/mp4");
    }

    public async ValueTask DisposeAsync()
    {
        // The downloader waits for every yt-dlp it starts; this only matters if a test broke that.
        foreach (var pid in _startedProcesses.Where(IsRunning))
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }

        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Resolving_a_direct_mp4_link_gives_its_title_duration_size_and_identity()
    {
        var info = await Downloader().ResolveAsync(VideoRequest.Url(_server.Url(VideoPath)), Token);

        info.Title.ShouldBe("sample");
        info.Extractor.ShouldBe("Generic");
        info.IsDirectMediaLink.ShouldBeTrue();
        info.SourceUrl.ShouldBe(_server.Url(VideoPath));
        info.Duration.ShouldNotBeNull().TotalSeconds.ShouldBe(TestVideo.Duration.TotalSeconds, tolerance: 0.1);
        info.ApproximateSizeBytes.ShouldBe(video.Bytes.LongLength);
        info.Identity.ShouldBe(VideoIdentity.ForLink(_server.Url(VideoPath)));
        info.Identity.ToS3Key().ShouldBe($"videos/generic/{info.Identity.Id}.mp4");
        Downloader().GrowingFile(info, _folder.FullPath).ShouldBe(Path.Combine(_folder.FullPath, "video.mp4.part"));
    }

    [Fact]
    public async Task Downloading_a_direct_mp4_gives_the_served_bytes_unchanged_and_reports_progress_to_the_end()
    {
        var downloader = Downloader();
        var info = await downloader.ResolveAsync(VideoRequest.Url(_server.Url(VideoPath)), Token);
        var progress = new RecordingProgress<DownloadProgress>();

        var downloaded = await downloader.DownloadAsync(info, _folder.FullPath, progress, Token);

        (await File.ReadAllBytesAsync(downloaded.FilePath, Token)).ShouldBe(video.Bytes);
        downloaded.SizeBytes.ShouldBe(video.Bytes.LongLength);
        downloaded.FilePath.ShouldBe(Path.Combine(_folder.FullPath, "video.mp4"));
        downloaded.Info.Identity.ShouldBe(info.Identity);
        downloaded.Info.Duration.ShouldBe(info.Duration);
        _folder.Files().ShouldBe([downloaded.FilePath]);

        progress.Reports.ShouldNotBeEmpty();
        progress.Reports[^1].Percent.ShouldBe(100);
        progress.Reports[^1].DownloadedBytes.ShouldBe(video.Bytes.LongLength);
        progress.Reports.Select(p => p.DownloadedBytes).ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public async Task A_link_that_answers_404_is_permanently_unavailable()
    {
        _server.Fail("/gone.mp4", HttpStatusCode.NotFound);

        var failure = await Should.ThrowAsync<VideoDownloadException>(
            () => Downloader().ResolveAsync(VideoRequest.Url(_server.Url("/gone.mp4")), Token));

        failure.IsPermanent.ShouldBeTrue();
        failure.Reason.ShouldBe(FailureReason.Unavailable);
        failure.Message.ShouldBe(YtDlpFailures.NotFound);
        failure.Diagnostics.ShouldContain("HTTP Error 404");
    }

    [Fact]
    public async Task A_video_removed_between_resolving_and_downloading_is_permanently_unavailable()
    {
        var downloader = Downloader();
        var info = await downloader.ResolveAsync(VideoRequest.Url(_server.Url(VideoPath)), Token);
        _server.Fail(VideoPath, HttpStatusCode.NotFound);

        var failure = await Should.ThrowAsync<VideoDownloadException>(
            () => downloader.DownloadAsync(info, _folder.FullPath, null, Token));

        failure.IsPermanent.ShouldBeTrue();
        failure.Reason.ShouldBe(FailureReason.Unavailable);
        _folder.Files().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_page_without_a_video_is_an_unsupported_site()
    {
        _server.Serve("/page.html", "<html><body><p>No video here.</p></body></html>"u8.ToArray(), "text/html");

        var failure = await Should.ThrowAsync<VideoDownloadException>(
            () => Downloader().ResolveAsync(VideoRequest.Url(_server.Url("/page.html")), Token));

        failure.IsPermanent.ShouldBeTrue();
        failure.Reason.ShouldBe(FailureReason.UnsupportedSite);
        failure.Message.ShouldBe(YtDlpFailures.Unsupported);
    }

    [Fact]
    public async Task A_server_error_is_transient()
    {
        _server.Fail("/broken.mp4", HttpStatusCode.InternalServerError);

        var failure = await Should.ThrowAsync<VideoDownloadException>(
            () => Downloader().ResolveAsync(VideoRequest.Url(_server.Url("/broken.mp4")), Token));

        failure.IsPermanent.ShouldBeFalse();
        failure.Reason.ShouldBe(FailureReason.DownloadFailed);
        failure.Diagnostics.ShouldContain("HTTP Error 500");
    }

    [Fact]
    public async Task A_video_known_to_be_over_the_size_limit_is_refused_before_downloading()
    {
        var downloader = Downloader(new DownloadsOptions { MaxFileSize = 10_000 });
        var info = await downloader.ResolveAsync(VideoRequest.Url(_server.Url(VideoPath)), Token);
        var requestsSoFar = _server.RequestCount(VideoPath);

        var failure = await Should.ThrowAsync<VideoDownloadException>(
            () => downloader.DownloadAsync(info, _folder.FullPath, null, Token));

        failure.IsPermanent.ShouldBeTrue();
        failure.Reason.ShouldBe(FailureReason.TooLarge);
        _server.RequestCount(VideoPath).ShouldBe(requestsSoFar);
    }

    [Fact]
    public async Task A_video_of_unknown_size_that_yt_dlp_finds_too_large_is_too_large()
    {
        var downloader = Downloader(new DownloadsOptions { MaxFileSize = 10_000 });
        var info = await downloader.ResolveAsync(VideoRequest.Url(_server.Url(VideoPath)), Token);

        // yt-dlp turns it down itself, exits 0 and writes no file.
        var failure = await Should.ThrowAsync<VideoDownloadException>(
            () => downloader.DownloadAsync(info with { ApproximateSizeBytes = null }, _folder.FullPath, null, Token));

        failure.IsPermanent.ShouldBeTrue();
        failure.Reason.ShouldBe(FailureReason.TooLarge);
        failure.Diagnostics.ShouldContain("larger than max-filesize");
        _folder.Files().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_video_over_the_length_limit_is_too_long()
    {
        var downloader = Downloader(new DownloadsOptions { MaxDuration = TimeSpan.FromSeconds(1) });
        var info = await downloader.ResolveAsync(VideoRequest.Url(_server.Url(VideoPath)), Token);

        var failure = await Should.ThrowAsync<VideoDownloadException>(
            () => downloader.DownloadAsync(info, _folder.FullPath, null, Token));

        failure.IsPermanent.ShouldBeTrue();
        failure.Reason.ShouldBe(FailureReason.TooLong);
        failure.Message.ShouldBe("The video is longer than 1 second.");
    }

    [Fact]
    public async Task A_video_of_unknown_length_is_measured_after_the_download_and_removed_when_too_long()
    {
        var downloader = Downloader(new DownloadsOptions { MaxDuration = TimeSpan.FromSeconds(1) });
        var info = await downloader.ResolveAsync(VideoRequest.Url(_server.Url(VideoPath)), Token);

        var failure = await Should.ThrowAsync<VideoDownloadException>(
            () => downloader.DownloadAsync(info with { Duration = null }, _folder.FullPath, null, Token));

        failure.Reason.ShouldBe(FailureReason.TooLong);
        _server.RequestCount(VideoPath).ShouldBeGreaterThan(1);
        _folder.Files().ShouldBeEmpty();
    }

    [Fact]
    public async Task Cancelling_mid_download_kills_yt_dlp_and_leaves_no_partial_file()
    {
        _server.Serve("/held.mp4", video.Bytes, "video/mp4");
        var downloader = Downloader();
        var info = await downloader.ResolveAsync(VideoRequest.Url(_server.Url("/held.mp4")), Token);
        // Gated only now, so that resolving (which reads the file's start too) cannot be what reaches it.
        var gate = new ResponseGate(afterBytes: 20_000);
        _server.Serve("/held.mp4", video.Bytes, "video/mp4", new ServeOptions(Gate: gate));
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);

        var download = downloader.DownloadAsync(info, _folder.FullPath, null, cancellation.Token);
        await gate.Reached.WaitAsync(Token);
        var downloading = _startedProcesses[^1];
        IsRunning(downloading).ShouldBeTrue();
        await cancellation.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => download);
        IsRunning(downloading).ShouldBeFalse();
        _folder.Files().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_request_full_of_shell_syntax_reaches_yt_dlp_as_one_argument()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"telegramai-shell-{Guid.NewGuid():N}");
        var path = $"/x.mp4\"; touch {marker}; echo \"";

        var failure = await Should.ThrowAsync<VideoDownloadException>(
            () => Downloader().ResolveAsync(VideoRequest.Url(_server.Url(path)), Token));

        failure.Reason.ShouldBe(FailureReason.Unavailable);
        _server.RequestCount(path).ShouldBe(1);
        File.Exists(marker).ShouldBeFalse();
    }

    private YtDlpVideoDownloader Downloader(DownloadsOptions? options = null) =>
        new(Options.Create(options ?? new DownloadsOptions()), NullLogger<YtDlpVideoDownloader>.Instance)
        {
            ProcessStarted = pid =>
            {
                lock (_startedProcesses)
                    _startedProcesses.Add(pid);
            },
        };

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
