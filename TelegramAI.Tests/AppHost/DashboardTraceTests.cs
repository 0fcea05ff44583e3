using Microsoft.Playwright;
using TelegramAI.Telegram.LocalChat;
using TelegramAI.Tests.Deployment;
using TelegramAI.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace TelegramAI.Tests.AppHost;

/// <summary>The Aspire dashboard that comes with the AppHost, read in a real browser.</summary>
[Collection(AppHostCollection.Name)]
public sealed class DashboardTraceTests(AppHostFixture host, TestVideo video)
{
    /// <summary>Set to 1 to write the trace page into docs/ (commit it once, not on every run).</summary>
    public const string PictureFlag = "TELEGRAMAI_DOCS_PICTURE";

    public const string PicturePath = "docs/dashboard-trace.png";

    private const long User = 4001;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_traces_page_shows_one_videos_trace_from_the_update_through_the_worker_to_the_reply_without_secrets()
    {
        await using var videos = await LoopbackVideoServer.StartAsync(Ct);
        var path = $"/traced-{Guid.NewGuid():N}.mp4";
        videos.Serve(path, video.Bytes, "video/mp4");
        using var http = new HttpClient();
        var user = new TelegramHooksClient(http, host.TelegramHooks);
        await user.SendAsync(User, videos.Url(path), Ct);
        await user.WaitForMessagesAsync(User, messages => messages.Any(m => m.Text.Contains("Download link", StringComparison.Ordinal)), TimeSpan.FromSeconds(90), Ct);

        await using var browser = await Browser.LaunchAsync();
        var page = browser.Page;
        await page.GotoAsync(new Uri(host.Dashboard, $"login?t={host.BrowserToken}").ToString());
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));

        // The bot's log line for this update ("Update ... from chat 4001") links to its trace.
        await page.GotoAsync(new Uri(host.Dashboard, "structuredlogs").ToString());
        await page.Locator("input[name=structured-logs-search]").FillAsync($"from chat {User}");
        var logLine = page.Locator(".fluent-data-grid-row", new() { HasText = $"from chat {User}" });
        await Expect(logLine).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await logLine.Locator("a[href*='/traces/detail/']").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/traces/detail/", StringComparison.Ordinal));

        // Its log entries, listed with it, name this test's video (the worker's "Processing job: Url ...").
        await Expect(page.GetByText(path).First).ToBeAttachedAsync(new() { Timeout = 30_000 });
        var spans = page.Locator(".fluent-data-grid-row");
        await Expect(spans.Filter(new() { HasText = "telegram update" }).First).ToBeVisibleAsync();
        await Expect(spans.Filter(new() { HasText = "report result" }).First).ToBeVisibleAsync();
        await Expect(spans.Filter(new() { HasText = "store video" }).First).ToBeVisibleAsync();
        (await spans.Filter(new() { HasText = "worker-" }).CountAsync()).ShouldBeGreaterThan(0);

        // The worker's job span ("process job"; the dashboard lists it by its messaging system).
        await spans.Filter(new() { HasText = "aws_sqs" }).First.Locator("text=aws_sqs").First.ClickAsync();
        await Expect(page.GetByText("process job").First).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // A Bot API call: the token in its URL is redacted. The dashboard marks calls to AWS ("Outgoing call to aws"),
        // so the first HTTP POST without that mark is the bot's to Telegram. Its details render over the dashboard's
        // websocket, which on a loaded machine takes longer than Playwright's default 5 s.
        await spans.Filter(new() { HasText = "HTTP POST", HasNotText = "aws" }).First.Locator("text=HTTP POST").First.ClickAsync();
        await Expect(page.GetByText("/botREDACTED/").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var text = await page.Locator("body").InnerTextAsync();
        text.ShouldNotContain(LocalChatOptions.DefaultBotToken);
        text.ShouldNotContain("X-Amz-Signature");

        if (Environment.GetEnvironmentVariable(PictureFlag) == "1")
        {
            // The whole waterfall, without a span's details beside it.
            await page.GotoAsync(page.Url);
            await Expect(spans.Filter(new() { HasText = "store video" }).First).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(EmittedTemplate.RepositoryRoot(), PicturePath) });
        }
    }
}
