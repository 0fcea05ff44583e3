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

    /// <summary>Told the process id of every yt-dlp started, so tests can check it is gone afterwards.</summary>
    internal Action<int>? ProcessStarted { get; init; }

    public async Task<VideoInfo> ResolveAsync(VideoRequest request, CancellationToken cancellationToken)
    {
        Validate(request);

        var json = new StringBuilder();
        var errors = new LineTail(TailLines);
        var exitCode = await RunYtDlpAsync(
            YtDlpArguments.ForResolve(request), line => json.AppendLine(line), errors.Add, cancellationToken);
        if (exitCode != 0)
            throw YtDlpFailures.FromFailedRun(exitCode, errors.Lines);

        using var document = JsonDocument.Parse(json.ToString());
        if (YtDlpInfoJson.FirstVideo(document.RootElement) is not { } video)
        {
            throw request.Kind == RequestKind.Search
                ? VideoDownloadException.Permanent(FailureReason.NoSearchResult, YtDlpFailures.NoSearchResult)
                : VideoDownloadException.Permanent(FailureReason.Unavailable, YtDlpFailures.Unavailable);
        }

        var info = YtDlpInfoJson.ToVideoInfo(video);
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
        // A retry in the same folder must start over: yt-dlp would otherwise take a stale file as done.
        DeleteOutputs(targetFolder);
        var finalInfoPath = Path.Combine(targetFolder, FinalInfoFileName);

        try
        {
            var output = new LineTail(TailLines);
            var errors = new LineTail(TailLines);
            var exitCode = await RunYtDlpAsync(
                YtDlpArguments.ForDownload(video.SourceUrl, targetFolder, finalInfoPath, _options),
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
                throw YtDlpFailures.FromFailedRun(exitCode, errors.Lines);
            if (!File.Exists(finalInfoPath))
                throw YtDlpFailures.FromRunWithoutFile(output.Lines.Concat(errors.Lines), _options);

            var downloaded = await ReadFinalInfoAsync(finalInfoPath, targetFolder, video, cancellationToken);
            File.Delete(finalInfoPath);
            return downloaded;
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
            throw VideoDownloadException.Permanent(FailureReason.Unavailable, YtDlpFailures.LiveStream);
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

    private async Task<int> RunYtDlpAsync(
        IReadOnlyList<string> arguments, Action<string> onOutputLine, Action<string> onErrorLine, CancellationToken cancellationToken)
    {
        logger.LogDebug("Running {YtDlp} {Arguments}", _options.YtDlpPath, arguments);
        return await ChildProcess.RunAsync(
            _options.YtDlpPath, arguments, onOutputLine, onErrorLine, ProcessStarted, cancellationToken);
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
