using Amazon.SQS.Model;
using TelegramAI.Aws.CloudWatch;
using TelegramAI.Aws.CloudWatch.Model;
using TelegramAI.Contracts.Downloads;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Tests.Support;
using TelegramAI.Worker.Downloads;
using TelegramAI.Worker.Jobs;

namespace TelegramAI.Tests.Worker;

/// <summary>
/// How the real worker answers what sites answer a cloud server, from yt-dlp's own ERROR lines (printed here
/// by a stand-in yt-dlp, since the sites are out of reach): each failure its own words, and only the attempts
/// it deserves. Every permanent failure is answered and its message deleted; every passing one goes back to
/// the queue, as the receive counts show.
/// </summary>
public sealed class WorkerSiteFailureTests(MotoFixture moto, TestVideo video)
{
    private const string CookieValue = "cookie-s3cret-4f1c";
    private const string ProxyPassword = "proxy-s3cret-9b2e";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_kind_of_failure_gets_its_own_answer_after_the_attempts_it_deserves()
    {
        await using var bed = await WorkerTestBed.CreateAsync(moto, maxReceiveCount: 3);
        await using var server = await LoopbackVideoServer.StartAsync(Ct);
        server.Serve("/format-then-fine.mp4", video.Bytes, "video/mp4");
        var link = (string name) => server.Url("/" + name);
        using var cookies = CookiesFile();
        using var ytDlp = new StandInYtDlp(
            StandInRule.Error("/private", "ERROR: [youtube] prv00000001: Private video. Sign in if you've been granted access to this video"),
            StandInRule.Error("/removed", "ERROR: [youtube] rmv00000001: Video unavailable. This video has been removed by the uploader"),
            StandInRule.Error("/age-restricted",
                "ERROR: [youtube] age00000001: Sign in to confirm your age. This video may be inappropriate for some users. Use --cookies-from-browser or --cookies for the authentication. "
                + "See  https://github.com/yt-dlp/yt-dlp/wiki/FAQ#how-do-i-pass-cookies-to-yt-dlp  for how to manually pass cookies"),
            StandInRule.Error("/geo-blocked", "ERROR: [youtube] geo00000001: The uploader has not made this video available in your country"),
            StandInRule.Error("/members-only", "ERROR: [youtube] mbr00000001: Join this channel to get access to members-only content like this video, and other exclusive perks."),
            StandInRule.Error("/upcoming", "ERROR: [youtube] liv00000001: This live event will begin in 2 days."),
            new StandInRule("/live-now", Stdout: LiveInfoJson(link("live-now")), ExitCode: 0),
            new StandInRule("ytsearch1:", Stdout: """{"_type": "playlist", "id": "search", "title": "search", "entries": []}""", ExitCode: 0),
            StandInRule.Error("/no-format", NoFormatError("fmt00000001")),
            StandInRule.Error("/format-then-fine.mp4", NoFormatError("fmt00000002"), when: "--format"),
            StandInRule.Error("/unreachable", "ERROR: [youtube] net00000001: Unable to download API page: HTTP Error 503: Service Unavailable (caused by <HTTPError 503: Service Unavailable>)"));
        bed.StartWorker(new Dictionary<string, string>
        {
            ["Downloads__YtDlpPath"] = ytDlp.Path,
            ["Downloads__CookiesFile"] = cookies.Path,
            ["Worker__Concurrency"] = "6",
        });

        // (answer, attempts, yt-dlp runs): permanent failures get one attempt and one run; a format that is not
        // available gets a second run with other arguments in the same attempt; a passing failure every attempt.
        var expected = new (string Request, FailureReason? Reason, string Message, int[] Attempts, int Runs)[]
        {
            (link("private"), FailureReason.Unavailable, YtDlpFailures.Private, [1], 1),
            (link("removed"), FailureReason.Unavailable, YtDlpFailures.Unavailable, [1], 1),
            (link("age-restricted"), FailureReason.AgeRestricted, YtDlpFailures.AgeRestricted, [1], 1),
            (link("geo-blocked"), FailureReason.GeoRestricted, YtDlpFailures.GeoRestricted, [1], 1),
            (link("members-only"), FailureReason.MembersOnly, YtDlpFailures.MembersOnly, [1], 1),
            (link("upcoming"), FailureReason.LiveStream, YtDlpFailures.LiveStream, [1], 1),
            (link("live-now"), FailureReason.LiveStream, YtDlpFailures.LiveStream, [1], 1),
            ("a video nobody ever made", FailureReason.NoSearchResult, YtDlpFailures.NoSearchResult, [1], 1),
            (link("no-format"), FailureReason.NoUsableFormat, YtDlpFailures.NoUsableFormat, [1], 2),
            (link("format-then-fine.mp4"), null, "", [1], 3),
            (link("unreachable"), FailureReason.DownloadFailed, JobProcessor.GaveUp, [1, 2, 3], 3),
        };
        var jobs = new List<JobMessage>();
        foreach (var (request, _, _, _, _) in expected)
            jobs.Add(await bed.SendJobAsync(request.StartsWith("http", StringComparison.Ordinal) ? RequestKind.Url : RequestKind.Search, request));

        foreach (var (job, (request, reason, message, attempts, runs)) in jobs.Zip(expected))
        {
            var result = (await bed.WaitForFinalResultAsync(job.JobId)).Body!;
            if (reason is null)
            {
                result.Kind.ShouldBe(JobResultKind.Succeeded, request);
                (await bed.GetObjectAsync(result.Video!.Key)).Bytes.ShouldBe(video.Bytes);
            }
            else
            {
                result.Failure.ShouldBe(new JobFailure(reason.Value, message), request);
            }

            bed.AttemptsOf(job.JobId).ShouldBe(attempts, request);
            var target = job.Kind == RequestKind.Search ? $"ytsearch1:{request}" : request;
            ytDlp.RunsFor(target).Count.ShouldBe(runs, request);
        }

        // The second look at a format uses other player clients and no format filter, for the download too.
        var fallback = ytDlp.RunsFor(link("format-then-fine.mp4"));
        fallback[0].Arguments.ShouldContain("--format");
        fallback.Skip(1).ShouldAllBe(run => !run.Arguments.Contains("--format") && run.ValueOf("--extractor-args") == YtDlpArguments.FallbackPlayerClients);
        fallback[^1].IsDownload.ShouldBeTrue();
        // Every run had the cookies, the age-restricted one among them.
        ytDlp.Runs().Where(run => run.Target != "--version").ShouldAllBe(run => run.Cookies != null && run.Cookies.Contains(CookieValue));

        // Each answered once. The passing failure went on to the dead-letter queue after its last attempt;
        // every other job's message is gone.
        await bed.ReceiveResultsAsync(TimeSpan.Zero);
        foreach (var job in jobs)
            bed.ResultsOf(job.JobId).Count(r => r.Body!.Kind != JobResultKind.Progress).ShouldBe(1);
        var deadLetter = (await bed.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = bed.DeadLettersUrl, WaitTimeSeconds = 20 }, Ct)).Messages.ShouldHaveSingleItem();
        deadLetter.Body.ShouldContain("/unreachable");
        await bed.ShouldHaveNoJobsLeftAsync();
    }

    [Fact]
    public async Task A_bot_check_is_tried_once_more_then_told_as_the_site_refusing_the_server_and_counted_for_the_operator()
    {
        await using var bed = await WorkerTestBed.CreateAsync(moto, maxReceiveCount: 3);
        var proxy = $"http://telegramai:{ProxyPassword}@127.0.0.1:9";
        const string link = "https://www.youtube.com/watch?v=bot00000001";
        using var cookies = CookiesFile();
        using var ytDlp = new StandInYtDlp(new StandInRule(
            "bot00000001",
            // What yt-dlp -v prints first, and then YouTube's answer to a cloud address.
            Stderr: $"[debug] Proxy map: {{'all': '{proxy}'}}\n"
                + "ERROR: [youtube] bot00000001: Sign in to confirm you’re not a bot. Use --cookies-from-browser or --cookies for the authentication. "
                + "See  https://github.com/yt-dlp/yt-dlp/wiki/FAQ#how-do-i-pass-cookies-to-yt-dlp  for how to manually pass cookies\n"));
        var worker = bed.StartWorker(new Dictionary<string, string>
        {
            ["Downloads__YtDlpPath"] = ytDlp.Path,
            ["Downloads__CookiesFile"] = cookies.Path,
            ["Downloads__Proxy"] = proxy,
            ["Logging__LogLevel__TelegramAI"] = "Debug",
        });

        var job = await bed.SendJobAsync(RequestKind.Url, link);

        var result = (await bed.WaitForFinalResultAsync(job.JobId)).Body!;
        result.Failure.ShouldBe(new JobFailure(FailureReason.BotCheck, YtDlpFailures.BotCheck));
        bed.AttemptsOf(job.JobId).ShouldBe([1, 2]);
        await bed.ShouldHaveNoJobsLeftAsync();
        ((await bed.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = bed.DeadLettersUrl, WaitTimeSeconds = 1 }, Ct)).Messages ?? []).ShouldBeEmpty();

        // Both settings reached yt-dlp, each run; neither reached the log, though yt-dlp printed the proxy.
        var runs = ytDlp.RunsFor(link);
        runs.Count.ShouldBe(2);
        runs.ShouldAllBe(run => run.ValueOf("--proxy") == proxy && run.Cookies == File.ReadAllText(cookies.Path));
        worker.Output.ShouldContain("Running");
        worker.Output.ShouldContain("not a bot");
        worker.Output.ShouldNotContain(ProxyPassword);
        worker.Output.ShouldNotContain(CookieValue);

        // Both refusals were counted for the operator's alarm.
        var cloudWatch = new CloudWatchClient(moto.Http, moto.Settings());
        var now = DateTimeOffset.UtcNow;
        var refusals = await cloudWatch.GetMetricStatisticsAsync(new()
        {
            Namespace = BotCheckMetric.Namespace,
            MetricName = BotCheckMetric.MetricName,
            Dimensions = [new Dimension { Name = BotCheckMetric.DimensionName, Value = bed.Jobs.QueueUrl.Split('/')[^1] }],
            StartTimeUtc = now.AddMinutes(-10),
            EndTimeUtc = now.AddMinutes(1),
            Period = 3600,
            Statistics = ["Sum"],
        }, Ct);
        refusals.Datapoints.Sum(point => point.Sum ?? 0).ShouldBe(2);
    }

    private static string NoFormatError(string id) =>
        $"ERROR: [youtube] {id}: Requested format is not available. Use --list-formats for a list of available formats";

    private static string LiveInfoJson(string url) =>
        $$"""{"id": "liv00000002", "title": "Live now", "extractor_key": "Youtube", "webpage_url": "{{url}}", "is_live": true, "live_status": "is_live"}""";

    /// <summary>A Netscape cookies file, as a browser extension exports it.</summary>
    private static CookiesFileOnDisk CookiesFile() => new(
        "# Netscape HTTP Cookie File\n" + $".youtube.com\tTRUE\t/\tTRUE\t2147483647\tSID\t{CookieValue}\n");

    private sealed class CookiesFileOnDisk : IDisposable
    {
        private readonly TempFolder _folder = new();

        public CookiesFileOnDisk(string text)
        {
            Path = System.IO.Path.Combine(_folder.FullPath, "cookies.txt");
            File.WriteAllText(Path, text);
        }

        public string Path { get; }

        public void Dispose() => _folder.Dispose();
    }
}
