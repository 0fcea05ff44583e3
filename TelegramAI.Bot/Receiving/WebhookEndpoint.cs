using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using TelegramAI.Bot.Configuration;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace TelegramAI.Bot.Receiving;

/// <summary>
/// Webhook mode: Telegram posts each update here. Only a request carrying the configured secret in
/// <c>X-Telegram-Bot-Api-Secret-Token</c> is accepted (401 otherwise). The answer is 200 only once the
/// update is settled; a 500 makes Telegram deliver it again later, which the ledger recognises.
/// </summary>
public static partial class WebhookEndpoint
{
    public const string SecretTokenHeader = "X-Telegram-Bot-Api-Secret-Token";

    public static IEndpointRouteBuilder MapTelegramWebhook(this IEndpointRouteBuilder endpoints, string path)
    {
        endpoints.MapPost(path, HandleAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(HttpContext context, WebhookDeliveries deliveries, IOptions<BotOptions> options, ILoggerFactory loggers)
    {
        var settings = options.Value;
        if (settings.Mode != UpdateMode.Webhook)
        {
            return Results.NotFound();
        }

        if (!HasSecret(context.Request, settings.WebhookSecret))
        {
            return Results.Unauthorized();
        }

        Update? update;
        try
        {
            update = await JsonSerializer.DeserializeAsync<Update>(context.Request.Body, JsonBotAPI.Options, context.RequestAborted);
        }
        catch (JsonException)
        {
            update = null;
        }

        if (update is null)
        {
            return Results.BadRequest();
        }

        var logger = loggers.CreateLogger(typeof(WebhookEndpoint));
        try
        {
            await deliveries.HandleOnceAsync(update, context.RequestAborted);
            return Results.Ok();
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            LogFailed(logger, update.Id, e.GetType().Name, TelegramErrors.Describe(e));
            return Results.StatusCode(StatusCodes.Status500InternalServerError);
        }
    }

    private static bool HasSecret(HttpRequest request, string? secret)
    {
        if (string.IsNullOrEmpty(secret) || request.Headers[SecretTokenHeader] is not [{ } given])
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(secret));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook update {UpdateId} failed; Telegram will deliver it again: {Kind}: {Reason}")]
    private static partial void LogFailed(ILogger logger, int updateId, string kind, string reason);
}

/// <summary>Webhook mode: registers the webhook with Telegram at start, repeating until Telegram accepts it.</summary>
public sealed partial class WebhookRegistration(
    ITelegramBotClient telegram, IOptions<BotOptions> options, TimeProvider time, ILogger<WebhookRegistration> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Mode != UpdateMode.Webhook)
        {
            return;
        }

        for (var failures = 1; !stoppingToken.IsCancellationRequested; failures++)
        {
            try
            {
                await telegram.SetWebhook(settings.WebhookUrl!, allowedUpdates: UpdateReceiver.AllowedUpdates, secretToken: settings.WebhookSecret, cancellationToken: stoppingToken);
                LogRegistered(new Uri(settings.WebhookUrl!).Host); // the host only: a URL may carry credentials or a secret path
                return;
            }
            catch (RequestException e)
            {
                var wait = Backoff.After(failures, settings.RetryDelay, settings.MaxRetryDelay);
                LogFailed(wait.TotalSeconds, TelegramErrors.Describe(e));
                await Task.Delay(wait, time, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Receiving updates by webhook at {Origin}")]
    private partial void LogRegistered(string origin);

    [LoggerMessage(Level = LogLevel.Warning, Message = "setWebhook failed, trying again in {WaitSeconds:0.#} s: {Reason}")]
    private partial void LogFailed(double waitSeconds, string reason);
}
