using TelegramAI.Worker.Downloads;

namespace TelegramAI.Tests.Downloads;

public sealed class YtDlpSecretsTests
{
    [Fact]
    public void The_proxy_its_credentials_and_its_password_are_masked_wherever_they_appear()
    {
        var secrets = new YtDlpSecrets(new DownloadsOptions { Proxy = "http://me:p%40ss-word@proxy.example:3128" });

        secrets.Redact("--proxy http://me:p%40ss-word@proxy.example:3128").ShouldBe("--proxy ***");
        secrets.Redact("Proxy map: {'all': 'http://me:p@ss-word@proxy.example:3128'}").ShouldNotContain("p@ss-word");
        secrets.Redact("auth me:p%40ss-word failed").ShouldBe("auth *** failed");
        secrets.Redact("ERROR: HTTP Error 503").ShouldBe("ERROR: HTTP Error 503");
    }

    [Fact]
    public void Without_a_proxy_nothing_changes() =>
        new YtDlpSecrets(new DownloadsOptions()).Redact(["a", "b"]).ShouldBe(["a", "b"]);
}
