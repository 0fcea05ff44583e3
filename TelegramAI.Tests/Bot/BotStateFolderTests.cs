using TelegramAI.Bot.State;
using TelegramAI.Bot.Telegram;
using TelegramAI.Telegram.Emulator;

namespace TelegramAI.Tests.Bot;

/// <summary>Whose memory a state folder is: one bot, on one Bot API server, in one environment, of one user.</summary>
public sealed class BotStateFolderTests
{
    private static TelegramOptions Bot(string token = TelegramBotApiEmulator.DefaultBotToken, string server = "https://api.telegram.org") =>
        new() { BotToken = token, ApiBaseUrl = server };

    [Fact]
    public void By_default_the_state_is_this_users_and_this_environments_and_not_a_folder_the_machine_shares()
    {
        var production = BotStateStore.FolderFor("", "Production", Bot());
        var development = BotStateStore.FolderFor("", "Development", Bot());

        production.ShouldNotBe(development);
        production.ShouldStartWith(BotStateStore.DefaultDirectory("Production"));
        BotStateStore.DefaultDirectory("Production").ShouldNotStartWith(Path.Combine(Path.GetTempPath(), "telegramai-bot"));
        Path.GetFileName(production).ShouldStartWith("123456789-");
    }

    [Fact]
    public void Another_bot_or_another_bot_api_server_never_shares_a_folder_and_the_same_server_always_does()
    {
        var telegram = BotStateStore.FolderFor("/var/lib/telegramai/bot", "Production", Bot());

        BotStateStore.FolderFor("/var/lib/telegramai/bot", "Production", Bot(server: "https://API.telegram.org/")).ShouldBe(telegram);
        BotStateStore.FolderFor("/var/lib/telegramai/bot", "Production", Bot(server: "http://127.0.0.1:8081")).ShouldNotBe(telegram);
        BotStateStore.FolderFor("/var/lib/telegramai/bot", "Production", Bot(server: "http://127.0.0.1:8082")).ShouldNotBe(
            BotStateStore.FolderFor("/var/lib/telegramai/bot", "Production", Bot(server: "http://127.0.0.1:8081")));
        BotStateStore.FolderFor("/var/lib/telegramai/bot", "Production", Bot(token: "987654321:AAAnotherBotTokenForLocalUseOnly_0123")).ShouldNotBe(telegram);
        Path.GetDirectoryName(telegram).ShouldBe("/var/lib/telegramai/bot");
    }
}
