using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Reflection;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TelegramAI.Aws.Emulator;
using TelegramAI.Aws.Runtime;
using TelegramAI.Aws.S3;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Messaging;

namespace TelegramAI.Benchmarks;

/// <summary>
/// <c>worker [--size-mb N] [--rounds R]</c>: one job for an N MB file (default 1024) served on loopback, run
/// by the real worker process against a moto it starts, timed from sending the job to its result, with the
/// peak RSS of the worker and of the tools it runs; then the same file copied the plain way (curl to a file,
/// then <c>aws s3 cp</c> to a moto of its own) as the baseline. R rounds (default 3) and their median ratio,
/// as both copies vary widely on a small machine. The file is sparse: yt-dlp copies a direct .mp4 link as it
/// is served, so its content does not matter.
/// </summary>
internal static class WorkerBenchmark
{
    private static readonly string WorkerDll = typeof(WorkerBenchmark).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(metadata => metadata.Key == "WorkerDll").Value!;

    public static async Task<int> RunAsync(string[] args)
    {
        var (sizeMb, rounds) = (1024, 3);
        for (var i = 0; i < args.Length; i += 2)
        {
            var ok = i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0;
            switch (args[i])
            {
                case "--size-mb" when ok:
                    sizeMb = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--rounds" when ok:
                    rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine("usage: worker [--size-mb N] [--rounds R]   (N, R > 0; default 1024 MB, 3 rounds)");
                    return 2;
            }
        }

        var work = Directory.CreateTempSubdirectory("telegramai-worker-benchmark-");
        try
        {
            var source = Path.Combine(work.FullName, "source.mp4");
            await using (var file = File.Create(source))
                file.SetLength(sizeMb * 1024L * 1024);
            var bytes = new FileInfo(source).Length;
            var mb = bytes / (1024.0 * 1024);
            await using var server = await FileServer.StartAsync(source);
            Console.WriteLine($"{sizeMb} MB served at {server.Url}; {rounds} round(s), each on fresh moto servers");
            Console.WriteLine();
            Console.WriteLine($"{"round",-7}{"worker s",10}{"MB/s",8}{"peak RSS MB",13}{"tools MB",10}{"curl s",9}{"aws cp s",10}{"raw s",8}{"ratio",8}");

            var ratios = new List<double>();
            long peakRss = 0;
            for (var round = 1; round <= rounds; round++)
            {
                // moto keeps objects in memory and slows as it fills: each copy gets a moto of its own.
                var worker = await RunWorkerRoundAsync(server.Url, bytes, work.FullName);
                var raw = await RunRawCopyRoundAsync(server.Url, Path.Combine(work.FullName, "raw.mp4"));
                var rawTotal = raw.Download + raw.Upload;
                ratios.Add(worker.Elapsed / rawTotal);
                peakRss = Math.Max(peakRss, worker.WorkerPeakRss);
                Console.WriteLine(
                    $"{round,-7}{worker.Elapsed.TotalSeconds,10:0.0}{mb / worker.Elapsed.TotalSeconds,8:0}{worker.WorkerPeakRss / 1048576.0,13:0.0}" +
                    $"{worker.ToolsPeakRss / 1048576.0,10:0.0}{raw.Download.TotalSeconds,9:0.0}{raw.Upload.TotalSeconds,10:0.0}{rawTotal.TotalSeconds,8:0.0}{ratios[^1],8:0.00}");
            }

            ratios.Sort();
            Console.WriteLine();
            Console.WriteLine($"time ratio worker / raw copy, median of {rounds}: {ratios[ratios.Count / 2]:0.00} (aim: at most 1.30; range {ratios[0]:0.00}-{ratios[^1]:0.00})");
            Console.WriteLine($"worker peak RSS, highest: {peakRss / 1048576.0:0.0} MB (aim: under 200 MB)");
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>One job through a freshly started worker and moto; the object's size is checked before the figures count.</summary>
    private static async Task<WorkerRun> RunWorkerRoundAsync(string url, long bytes, string workFolder)
    {
        await using var moto = await MotoServer.StartAsync();
        var settings = new AwsClientSettings(MotoServer.Region, new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey),
            new Dictionary<string, Uri> { ["AWS_ENDPOINT_URL"] = moto.Endpoint });
        using var sqs = settings.CreateSqsClient();
        using var s3 = settings.CreateS3Client();
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = Bucket });
        var jobs = Queues.Jobs(sqs, (await sqs.CreateQueueAsync("benchmark-jobs")).QueueUrl);
        var results = Queues.Results(sqs, (await sqs.CreateQueueAsync("benchmark-results")).QueueUrl);

        var worker = await RunWorkerAsync(moto, jobs, results, Bucket, url, Path.Combine(workFolder, "worker"));
        var stored = await s3.GetObjectMetadataAsync(Bucket, worker.Key);
        if (stored.ContentLength != bytes)
            throw new InvalidOperationException($"S3 holds {stored.ContentLength} bytes, not {bytes}.");
        return worker;
    }

    private const string Bucket = "telegramai-benchmark";

    private static async Task WaitUntilHealthyAsync(Process process, Uri health)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The worker exited with {process.ExitCode} before it was healthy.");
            try
            {
                using var response = await http.GetAsync(health);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The worker did not answer {health} within 60 s.");
    }


    private sealed record WorkerRun(TimeSpan Elapsed, string Key, long WorkerPeakRss, long ToolsPeakRss);

    private static async Task<WorkerRun> RunWorkerAsync(
        MotoServer moto, ContractQueue<JobMessage> jobs, ContractQueue<JobResult> results, string bucket, string url, string tempDirectory)
    {
        var start = new ProcessStartInfo("dotnet", [WorkerDll]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in moto.Environment)
            start.Environment[name] = value;
        start.Environment["Queues__Jobs"] = jobs.QueueUrl;
        start.Environment["Queues__Results"] = results.QueueUrl;
        start.Environment["Storage__Bucket"] = bucket;
        start.Environment["Downloads__AllowPrivateHosts"] = "true";
        start.Environment["Worker__TempDirectory"] = tempDirectory;
        var health = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/health");
        start.Environment["ASPNETCORE_URLS"] = health.GetLeftPart(UriPartial.Authority);
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"worker: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var sampling = new CancellationTokenSource();
        var toolsPeak = SampleChildrenPeakRssAsync(process.Id, sampling.Token);
        try
        {
            // The clock measures the job, not the worker's start: a scaled-out worker is up before jobs reach it.
            await WaitUntilHealthyAsync(process, health);
            var job = new JobMessage
            {
                JobId = Guid.NewGuid(), ChatId = 1, UserId = 1, Kind = RequestKind.Url, Request = url, RequestedAt = DateTimeOffset.UtcNow,
            };
            var clock = Stopwatch.StartNew();
            await jobs.SendAsync(job, CancellationToken.None);
            while (true)
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"The worker exited with {process.ExitCode}.");
                var received = await results.ReceiveAsync(10, TimeSpan.FromSeconds(1), CancellationToken.None);
                if (received.Select(r => r.Body).FirstOrDefault(r => r?.JobId == job.JobId && r.Kind != JobResultKind.Progress) is not { } final)
                    continue;

                clock.Stop();
                if (final.Video is null)
                    throw new InvalidOperationException($"The job failed: {final.Failure}");
                var workerPeak = PeakRss(process.Id);
                await sampling.CancelAsync();
                return new WorkerRun(clock.Elapsed, final.Video.Key, workerPeak, await toolsPeak);
            }
        }
        finally
        {
            await sampling.CancelAsync();
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>The plain way, on a freshly started moto: curl to a file, then <c>aws s3 cp</c>.</summary>
    private static async Task<(TimeSpan Download, TimeSpan Upload)> RunRawCopyRoundAsync(string url, string file)
    {
        await using var moto = await MotoServer.StartAsync();
        var environment = new Dictionary<string, string>(moto.Environment) { ["AWS_DEFAULT_REGION"] = MotoServer.Region };
        var endpoint = moto.Endpoint.ToString().TrimEnd('/');
        await TimeAsync("aws", ["s3", "mb", "--endpoint-url", endpoint, $"s3://{Bucket}"], environment);
        var download = await TimeAsync("curl", ["--silent", "--show-error", "--fail", "--output", file, url], new Dictionary<string, string>());
        var upload = await TimeAsync(
            "aws", ["s3", "cp", "--only-show-errors", "--endpoint-url", endpoint, file, $"s3://{Bucket}/raw-copy.mp4"], environment);
        File.Delete(file);
        return (download, upload);
    }

    private static async Task<TimeSpan> TimeAsync(string program, string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program, arguments) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        await process.StandardOutput.ReadToEndAsync(); // "make_bucket: ..." and the like, not figures
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}.");
        return clock.Elapsed;
    }

    /// <summary>The highest RSS any child of <paramref name="parentId"/> (yt-dlp, ffprobe) reached while sampled.</summary>
    private static async Task<long> SampleChildrenPeakRssAsync(int parentId, CancellationToken cancellationToken)
    {
        long peak = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var child in ChildrenOf(parentId))
                    peak = Math.Max(peak, PeakRss(child));
            }
        }
        catch (OperationCanceledException)
        {
            // Done.
        }

        return peak;
    }

    private static IEnumerable<int> ChildrenOf(int parentId)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
                continue;
            string status;
            try
            {
                status = File.ReadAllText(Path.Combine(directory, "status"));
            }
            catch (IOException)
            {
                continue;
            }

            if (Field(status, "PPid:") == parentId)
                yield return pid;
        }
    }

    /// <summary>VmHWM: the process's peak resident set size so far, in bytes (0 when it is gone).</summary>
    private static long PeakRss(int pid)
    {
        try
        {
            return Field(File.ReadAllText($"/proc/{pid}/status"), "VmHWM:") * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static long Field(string status, string name)
    {
        var line = status.Split('\n').FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>Serves one file on 127.0.0.1 with its length, ranges and a video/mp4 type, straight from disk.</summary>
    private sealed class FileServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FileServer(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }

        public static async Task<FileServer> StartAsync(string path)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.MapGet("/benchmark/video.mp4", () => Results.File(path, "video/mp4", enableRangeProcessing: true));
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new FileServer(app, address.TrimEnd('/') + "/benchmark/video.mp4");
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
