using Amazon.Runtime;
using Amazon.SecurityToken;
using Microsoft.Extensions.DependencyInjection;
using TelegramAI.Aws.Emulator;
using TelegramAI.Aws.Runtime;
using TelegramAI.Bot.Reporting;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Telegram.Emulator;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Bot;

/// <summary>
/// Telegram's file limits decide how a stored video reaches the chat (by URL up to 20 MB, uploaded up to 50 MB, else
/// the link alone), and a link says how long it really works, whatever credentials signed it.
/// </summary>
public sealed class BotVideoDeliveryTests(MotoFixture moto) : BotTestBed(moto)
{
    public static TheoryData<long, VideoSource?> Boundaries => new()
    {
        { VideoDelivery.MaxSizeByUrl, VideoSource.Url },
        { VideoDelivery.MaxSizeByUrl + 1, VideoSource.Upload },
        { VideoDelivery.MaxUploadSize, VideoSource.Upload },
        { VideoDelivery.MaxUploadSize + 1, null },
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public async Task Each_side_of_each_file_limit_goes_the_way_telegram_takes_it(long size, VideoSource? way)
    {
        await StartBotAsync();
        Telegram.InjectTextMessage(UserId, UserId, "https://example.com/sized.mp4");
        var job = (await TakeJobsAsync(1)).Single();
        var status = await StatusOfAsync(job);
        var stored = await StoreVideoAsync(size);

        await ReportAsync(job, JobResultKind.Succeeded, video: stored);

        var done = await Telegram.WaitForMessageAsync(UserId, m => m.Text.StartsWith("Done:", StringComparison.Ordinal), TimeSpan.FromSeconds(60), Ct);
        done.MessageId.ShouldBe(status.MessageId);
        if (way is { } source)
        {
            // Telegram has the very bytes: fetched by itself from the link, or uploaded by the bot.
            var video = await Telegram.WaitForVideoAsync(UserId, timeout: TimeSpan.FromSeconds(60), cancellationToken: Ct);
            video.Source.ShouldBe(source);
            video.Content.ShouldNotBeNull().LongLength.ShouldBe(size);
            video.ReplyToMessageId.ShouldBe(status.MessageId);
        }

        await WaitForResultsConsumedAsync();
        Telegram.CallCount("sendVideo").ShouldBe(way is null ? 0 : 1);
        Telegram.FloodRefusals.ShouldBe(0);
    }

    [Fact]
    public async Task A_link_signed_with_short_lived_credentials_says_how_long_it_really_works()
    {
        // The bot signs with an assumed role's credentials that end in 15 minutes, as an instance role's end in hours.
        using var sts = new AmazonSecurityTokenServiceClient(
            new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey),
            new AmazonSecurityTokenServiceConfig { ServiceURL = Moto.Server.Endpoint.ToString(), AuthenticationRegion = MotoServer.Region });
        var role = new StsRoleCredentials(sts, TimeSpan.FromMinutes(15));
        var settings = new AwsClientSettings(MotoServer.Region, role, new Dictionary<string, Uri> { ["AWS_ENDPOINT_URL"] = Moto.Server.Endpoint });
        await StartBotAsync(services: services => services.AddSingleton(settings));
        Telegram.InjectTextMessage(UserId, UserId, "https://example.com/signed.mp4");
        var job = (await TakeJobsAsync(1)).Single();
        await StatusOfAsync(job);

        await ReportAsync(job, JobResultKind.Succeeded, video: await StoreVideoAsync(4096));

        // Bot__LinkLifetime is a day, but the link cannot outlive its credentials: it is signed for what they have
        // left (less a minute), and the message says so.
        var done = await Telegram.WaitForMessageAsync(UserId, m => m.Text.StartsWith("Done:", StringComparison.Ordinal), cancellationToken: Ct);
        var link = done.Text.Split('\n')[^1];
        var seconds = BotReportingTests.LinkSeconds(link);
        seconds.ShouldBeInRange(12 * 60, 14 * 60 + 2);
        var said = int.Parse(System.Text.RegularExpressions.Regex.Match(done.Text, @"works for (\d+) minutes").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        said.ShouldBeInRange(12, 14);
        (said * 60).ShouldBeLessThanOrEqualTo(seconds, "the link lives at least as long as the message says");
        link.ShouldContain("X-Amz-Security-Token=");

        // And it works now: Telegram fetched the video through it.
        (await Telegram.WaitForVideoAsync(UserId, cancellationToken: Ct)).Content.ShouldNotBeNull().Length.ShouldBe(4096);
    }
}
