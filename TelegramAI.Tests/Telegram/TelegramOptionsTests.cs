using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TelegramAI.Contracts.Configuration;
using TelegramAI.Telegram;

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
    public void The_api_base_url_must_be_absolute_http_or_https(string url)
    {
        var error = Should.Throw<ConfigurationException>(() => new TelegramOptions { BotToken = Token, ApiBaseUrl = url }.Validate());

        error.Key.ShouldBe("Telegram__ApiBaseUrl");
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
