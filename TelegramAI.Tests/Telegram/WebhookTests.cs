using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace TelegramAI.Tests.Telegram;

public sealed class WebhookTests : TelegramTestBed
{
    private const string Secret = "s3cret_Token-1";

    [Fact]
    public async Task Updates_are_posted_to_the_webhook_with_the_secret_header()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Ct);
        await Client.SetWebhook(receiver.Url, secretToken: Secret, cancellationToken: Ct);

        var injected = Emulator.InjectTextMessage(PrivateChatId, UserId, "via webhook");

        var delivery = await receiver.Received.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        delivery.SecretToken.ShouldBe(Secret);
        using var body = JsonDocument.Parse(delivery.Body);
        body.RootElement.GetProperty("update_id").GetInt32().ShouldBe(injected.UpdateId);
        body.RootElement.GetProperty("message").GetProperty("text").GetString().ShouldBe("via webhook");
        await Emulator.WaitForNoPendingUpdatesAsync(cancellationToken: Ct);
    }

    [Fact]
    public async Task GetUpdates_conflicts_while_a_webhook_is_set_and_works_again_after_DeleteWebhook()
    {
        await Client.SetWebhook("http://127.0.0.1:9/unused", cancellationToken: Ct);
        Emulator.WebhookUrl.ShouldNotBeNull();

        var conflict = await Should.ThrowAsync<ApiRequestException>(() => Client.GetUpdates(cancellationToken: Ct));
        await Client.DeleteWebhook(dropPendingUpdates: true, cancellationToken: Ct);
        Emulator.InjectTextMessage(PrivateChatId, UserId, "polling again");
        var updates = await Client.GetUpdates(cancellationToken: Ct);

        conflict.ErrorCode.ShouldBe(409);
        conflict.Message.ShouldStartWith("Conflict: can't use getUpdates method while webhook is active");
        Emulator.WebhookUrl.ShouldBeNull();
        updates.ShouldHaveSingleItem().Message!.Text.ShouldBe("polling again");
    }

    [Fact]
    public async Task A_secret_token_with_characters_telegram_refuses_is_a_bad_request()
    {
        var error = await Should.ThrowAsync<ApiRequestException>(
            () => Client.SetWebhook("http://127.0.0.1:9/hook", secretToken: "not allowed!", cancellationToken: Ct));

        error.ErrorCode.ShouldBe(400);
    }

    /// <summary>A bot's webhook endpoint: records the first delivery.</summary>
    private sealed class WebhookReceiver : IAsyncDisposable
    {
        private readonly WebApplication app;

        private WebhookReceiver(WebApplication app) => this.app = app;

        public TaskCompletionSource<(string? SecretToken, string Body)> Received { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Url => app.Urls.Single() + "/telegram/webhook";

        public static async Task<WebhookReceiver> StartAsync(CancellationToken cancellationToken)
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var receiver = new WebhookReceiver(builder.Build());
            receiver.app.Run(receiver.ReceiveAsync);
            await receiver.app.StartAsync(cancellationToken);
            return receiver;
        }

        private async Task ReceiveAsync(HttpContext context)
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            Received.TrySetResult((context.Request.Headers["X-Telegram-Bot-Api-Secret-Token"].SingleOrDefault(), body));
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
