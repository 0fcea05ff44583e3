using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TelegramAI.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace TelegramAI.Tests.AppHost;

/// <summary>The local chat page, in a real browser, against the whole system that `dotnet run` on the AppHost starts.</summary>
[Collection(AppHostCollection.Name)]
public sealed partial class ChatPageTests(AppHostFixture host, TestVideo video)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_and_then_a_video_link_end_with_a_download_link_to_the_same_bytes()
    {
        await using var videos = await LoopbackVideoServer.StartAsync(Ct);
        videos.Serve("/chat-page.mp4", video.Bytes, "video/mp4");
        await using var browser = await Browser.LaunchAsync();
        var page = browser.Page;

        await page.GotoAsync(host.ChatPage.ToString());
        await page.FillAsync("#message", "/start");
        await page.ClickAsync("#send");
        await Expect(page.Locator(".message.bot").First).ToContainTextAsync("I fetch videos");

        await page.FillAsync("#message", videos.Url("/chat-page.mp4"));
        await page.PressAsync("#message", "Enter");
        var done = page.Locator(".message.bot", new() { HasTextRegex = DownloadLink() });
        await Expect(done).ToHaveCountAsync(1, new() { Timeout = 90_000 });

        // The status message was edited from "being downloaded" into the final word, and the video was sent by its link.
        await Expect(done.Locator(".meta")).ToContainTextAsync("edited");
        var link = await done.Locator("a").Last.GetAttributeAsync("href");
        link.ShouldNotBeNull().ShouldContain("X-Amz-Signature");
        await Expect(page.Locator(".message.bot.video video")).ToHaveCountAsync(1);

        using var http = new HttpClient();
        (await http.GetByteArrayAsync(link, Ct)).ShouldBe(video.Bytes);
    }

    [GeneratedRegex("Download link")]
    private static partial Regex DownloadLink();
}
