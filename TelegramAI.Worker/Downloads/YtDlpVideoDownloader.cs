using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TelegramAI.Contracts.Jobs;

namespace TelegramAI.Worker.Downloads;

/// <summary>
/// <see cref="IVideoDownloader"/> on yt-dlp, run as a child process. yt-dlp writes the video straight to
/// disk, so the Worker's memory does not grow with the size of the video.
/// </summary>
public sealed class YtDlpVideoDownloader(IOptions<DownloadsOptions> options, ILogger<YtDlpVideoDownloader> logger)
    : IVideoDownloader
{
    private const int TailLines = 40;
    private const string FinalInfoFileName = YtDlpArguments.OutputBaseName + ".final-info.json";

    private readonly DownloadsOptions _options = options.Value;
    private readonly FfprobeMediaProbe _probe = new(options.Value.FfprobePath);
    private readonly YtDlpSecrets _secrets = new(options.Value);

    /// <summary>Told the process id of every yt-dlp started, so tests can check it is gone afterwards.</summary>
    internal Action<int>? ProcessStarted { get; init; }

    public async Task<VideoInfo> ResolveAsync(VideoRequest request, CancellationToken cancellationToken)
    {
        Validate(request);

        try
        {
            return await ResolveAsync(request, FormatSelection.Preferred, cancellationToken);
        }
        catch (VideoDownloadException e) when (e.Reason == FailureReason.NoUsableFormat)
        {
            logger.LogInformation("No usable format with the preferred arguments; looking again with the fallback ones");
            return await ResolveAsync(request, FormatSelection.Fallback, cancellationToken);
        }
    }

    private async Task<VideoInfo> ResolveAsync(VideoRequest request, FormatSelection formats, CancellationToken cancellationToken)
    {
        var json = new StringBuilder();
        var errors = new LineTail(TailLines);
        var exitCode = await RunYtDlpAsync(
            YtDlpArguments.ForResolve(request, formats), line => json.AppendLine(line), errors.Add, cancellationToken);
        if (exitCode != 0)
            throw YtDlpFailures.FromFailedRun(exitCode, _secrets.Redact(errors.Lines));

        using var document = JsonDocument.Parse(json.ToString());
        if (YtDlpInfoJson.FirstVideo(document.RootElement) is not { } video)
        {
            throw request.Kind == RequestKind.Search
                ? VideoDownloadException.Permanent(FailureReason.NoSearchResult, YtDlpFailures.NoSearchResult)
                : VideoDownloadException.Permanent(FailureReason.Unavailable, YtDlpFailures.Unavailable);
        }

        var info = YtDlpInfoJson.ToVideoInfo(video) with { Formats = formats };
        return info.IsDirectMediaLink ? await CompleteFromMediaAsync(info, info.SourceUrl, cancellationToken) : info;
    }

    public string? GrowingFile(VideoInfo video, string targetFolder) =>
        video.OneFileExtension is { } extension ? YtDlpArguments.PartialFile(targetFolder, extension) : null;

    public async Task<DownloadedVideo> DownloadAsync(
        VideoInfo video,
        string targetFolder,
        IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken)
    {
        CheckLimits(video);
        Directory.CreateDirectory(targetFolder);
        try
        {
            return await DownloadAsync(video, video.Formats, targetFolder, progress, cancellationToken);
        }
        catch (VideoDownloadException e) when (e.Reason == FailureReason.NoUsableFormat && video.Formats == FormatSelection.Preferred)
        {
            logger.LogInformation("No usable format with the preferred arguments; downloading with the fallback ones");
            return await DownloadAsync(video, FormatSelection.Fallback, targetFolder, progress, cancellationToken);
        }
    }

    private async Task<DownloadedVideo> DownloadAsync(
        VideoInfo video, FormatSelection formats, string targetFolder, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        // A retry in the same folder must start over: yt-dlp would otherwise take a stale file as done.
        DeleteOutputs(targetFolder);
        var finalInfoPath = Path.Combine(targetFolder, FinalInfoFileName);

        try
        {
            var output = new LineTail(TailLines);
            var errors = new LineTail(TailLines);
            var exitCode = await RunYtDlpAsync(
                YtDlpArguments.ForDownload(video.SourceUrl, targetFolder, finalInfoPath, _options, formats),
                line =>
                {
                    if (YtDlpProgress.TryParse(line, out var update))
                        progress?.Report(update);
                    else
                        output.Add(line);
                },
                errors.Add,
                cancellationToken);

            if (exitCode != 0)
                throw YtDlpFailures.FromFailedRun(exitCode, _secrets.Redact(errors.Lines));
            if (!File.Exists(finalInfoPath))
                throw YtDlpFailures.FromRunWithoutFile(_secrets.Redact(output.Lines.Concat(errors.Lines)), _options);

            var downloaded = await ReadFinalInfoAsync(finalInfoPath, targetFolder, video, cancellationToken);
            File.Delete(finalInfoPath);
            return downloaded with { Info = downloaded.Info with { Formats = formats } };
        }
        catch
        {
            DeleteOutputs(targetFolder);
            throw;
        }
    }

    private async Task<DownloadedVideo> ReadFinalInfoAsync(
        string finalInfoPath, string targetFolder, VideoInfo requested, CancellationToken cancellationToken)
    {
        VideoInfo info;
        string? filePath;
        await using (var stream = File.OpenRead(finalInfoPath))
        {
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            info = YtDlpInfoJson.ToVideoInfo(document.RootElement);
            filePath = YtDlpInfoJson.FilePath(document.RootElement);
        }

        if (filePath is null || !File.Exists(filePath)
            || Path.GetDirectoryName(Path.GetFullPath(filePath)) != Path.TrimEndingDirectorySeparator(Path.GetFullPath(targetFolder)))
        {
            throw VideoDownloadException.Transient(
                YtDlpFailures.TryAgain, $"yt-dlp reported the file at '{filePath}', which is not in '{targetFolder}'.");
        }

        // A direct link's duration came from probing it at resolve time; keep that rather than lose it.
        info = info with { Duration = info.Duration ?? requested.Duration };
        if (info.Duration is null)
            info = await CompleteFromMediaAsync(info, filePath, cancellationToken);

        var size = new FileInfo(filePath).Length;
        CheckLimits(info with { ApproximateSizeBytes = size });
        return new DownloadedVideo(filePath, size, info with { ApproximateSizeBytes = size });
    }

    /// <summary>Fills in the duration and size that yt-dlp left unknown, from the media itself.</summary>
    private async Task<VideoInfo> CompleteFromMediaAsync(VideoInfo info, string media, CancellationToken cancellationToken)
    {
        if (info.Duration is not null && info.ApproximateSizeBytes is not null)
            return info;

        var probed = await _probe.ProbeAsync(media, cancellationToken);
        if (probed is null)
            logger.LogInformation("ffprobe could not read {Media}; its duration stays unknown", media);

        return info with
        {
            Duration = info.Duration ?? probed?.Duration,
            ApproximateSizeBytes = info.ApproximateSizeBytes ?? probed?.SizeBytes,
        };
    }

    private void CheckLimits(VideoInfo video)
    {
        if (video.IsLive)
            throw VideoDownloadException.Permanent(FailureReason.LiveStream, YtDlpFailures.LiveStream);
        if (video.Duration > _options.MaxDuration)
            throw VideoDownloadException.Permanent(FailureReason.TooLong, YtDlpFailures.TooLong(_options.MaxDuration));
        if (video.ApproximateSizeBytes > _options.MaxFileSize)
            throw VideoDownloadException.Permanent(FailureReason.TooLarge, YtDlpFailures.TooLarge(_options.MaxFileSize));
    }

    private static void Validate(VideoRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Text))
            throw VideoDownloadException.Permanent(FailureReason.InvalidRequest, "The request is empty.");

        if (request.Kind == RequestKind.Url
            && !(Uri.TryCreate(request.Text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            throw VideoDownloadException.Permanent(FailureReason.InvalidRequest, YtDlpFailures.NotALink);
        }
    }

    /// <summary>
    /// Runs yt-dlp with the connection settings before <paramref name="arguments"/>. The cookies go in as a
    /// copy made for this run alone, readable by this user only: yt-dlp rewrites its cookie jar on exit, and
    /// runs at once must not write over each other, nor over the operator's file.
    /// </summary>
    private async Task<int> RunYtDlpAsync(
        IReadOnlyList<string> arguments, Action<string> onOutputLine, Action<string> onErrorLine, CancellationToken cancellationToken)
    {
        var cookies = CopyCookies();
        try
        {
            IReadOnlyList<string> all = [.. YtDlpArguments.Connection(cookies, _options.Proxy), .. arguments];
            if (logger.IsEnabled(LogLevel.Debug))
                logger.LogDebug("Running {YtDlp} {Arguments}", _options.YtDlpPath, _secrets.Redact(all).ToList());
            return await ChildProcess.RunAsync(_options.YtDlpPath, all, onOutputLine, onErrorLine, ProcessStarted, cancellationToken);
        }
        finally
        {
            if (cookies is not null)
                File.Delete(cookies);
        }
    }

    private string? CopyCookies()
    {
        if (string.IsNullOrEmpty(_options.CookiesFile))
            return null;

        var copy = Path.Combine(Path.GetTempPath(), $"telegramai-cookies-{Guid.NewGuid():N}.txt");
        using (var target = OperatingSystem.IsWindows()
            ? new FileStream(copy, FileMode.CreateNew, FileAccess.Write)
            : new FileStream(copy, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        using (var source = File.OpenRead(_options.CookiesFile))
        {
            source.CopyTo(target);
        }

        return copy;
    }

    /// <summary>Removes what yt-dlp left of a failed or cancelled download: .part files, merge halves, the info file.</summary>
    private void DeleteOutputs(string targetFolder)
    {
        if (!Directory.Exists(targetFolder))
            return;

        foreach (var file in Directory.EnumerateFiles(targetFolder, YtDlpArguments.OutputBaseName + ".*"))
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException e)
            {
                logger.LogWarning(e, "Could not delete the partial download {File}", file);
            }
        }
    }
}
