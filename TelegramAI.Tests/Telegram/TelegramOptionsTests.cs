using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Telegram.Bot;
using TelegramAI.Bot.Telegram;
using TelegramAI.Contracts.Configuration;

namespace TelegramAI.Tests.Telegram;

public sealed class TelegramOptionsTests
{
    private const string Token = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789";

    [Theory]
    [InlineData("", "Telegram__BotToken")]
    [InlineData("not-a-token", "Telegram__BotToken")]
    [InlineData("123456:short", "Telegram__BotToken")]
    public void A_missing_or_malformed_token_is_refused_without_printing_it(string token, string key)
    {
        var error = Should.Throw<ConfigurationException>(() => new TelegramOptions { BotToken = token }.Validate());

        error.Key.ShouldBe(key);
        if (token.Length > 0)
        {
            error.Message.ShouldNotContain(token);
        }
    }

    [Theory]
    [InlineData("api.telegram.org")]
    [InlineData("ftp://api.telegram.org")]
    [InlineData("/relative")]
    [InlineData("http://127.0.0.1:8081/prefix")]
    [InlineData("https://api.telegram.org/?x=1")]
    public void The_api_base_url_must_be_an_absolute_http_or_https_origin(string url)
    {
        var error = Should.Throw<ConfigurationException>(() => new TelegramOptions { BotToken = Token, ApiBaseUrl = url }.Validate());

        error.Key.ShouldBe("Telegram__ApiBaseUrl");
    }

    [Theory]
    [InlineData("00:00:00", "3", "Telegram__RequestTimeout")]
    [InlineData("00:01:40", "-1", "Telegram__MaxRetryAttempts")]
    [InlineData("00:01:40", "101", "Telegram__MaxRetryAttempts")]
    public void Timeouts_and_repeats_out_of_range_are_refused_naming_the_key(string requestTimeout, string maxRetryAttempts, string key)
    {
        var options = new TelegramOptions
        {
            BotToken = Token,
            RequestTimeout = TimeSpan.Parse(requestTimeout, System.Globalization.CultureInfo.InvariantCulture),
            MaxRetryAttempts = int.Parse(maxRetryAttempts, System.Globalization.CultureInfo.InvariantCulture),
        };

        Should.Throw<ConfigurationException>(options.Validate).Key.ShouldBe(key);
    }

    [Fact]
    public void The_flood_settings_become_telegram_bots_own_429_retry()
    {
        var options = new TelegramOptions { BotToken = Token, MaxRetryAttempts = 3, MaxRetryAfter = TimeSpan.FromSeconds(60.9) }.ToClientOptions();

        options.RetryCount.ShouldBe(4, "Telegram.Bot counts the first attempt too");
        options.RetryThreshold.ShouldBe(60, "retry_after is whole seconds");
        options.LocalBotServer.ShouldBeFalse("Telegram's own server is not a local Bot API server");
        options.BaseRequestUrl.ShouldBe($"https://api.telegram.org/bot{Token}");

        var off = new TelegramOptions { BotToken = Token, MaxRetryAttempts = 0, MaxRetryAfter = TimeSpan.Zero, ApiBaseUrl = "http://127.0.0.1:8081" }.ToClientOptions();
        off.RetryCount.ShouldBe(1);
        off.RetryThreshold.ShouldBe(0);
        off.BaseRequestUrl.ShouldBe($"http://127.0.0.1:8081/bot{Token}");
    }

    [Fact]
    public void The_registered_client_validates_its_configuration()
    {
        var services = new ServiceCollection();
        services.AddTelegramBotClient(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = "oops",
        }).Build());
        using var provider = services.BuildServiceProvider();

        Should.Throw<ConfigurationException>(() => provider.GetRequiredService<ITelegramBotClient>()).Key.ShouldBe("Telegram__BotToken");
    }

    [Theory]
    [InlineData("POST https://api.telegram.org/bot" + Token + "/sendMessage failed", "POST https://api.telegram.org/bot<redacted>/sendMessage failed")]
    [InlineData("http://127.0.0.1:5000/botwhatever/getMe", "http://127.0.0.1:5000/bot<redacted>/getMe")]
    [InlineData("token " + Token + " leaked", "token <redacted> leaked")]
    [InlineData("nothing secret here: 12:30", "nothing secret here: 12:30")]
    public void The_redactor_removes_anything_token_shaped(string text, string expected)
    {
        TelegramTokenRedactor.Redact(text).ShouldBe(expected);
    }
}
