using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using TelegramAI.Aws.Emulator;
using TelegramAI.Bot.Telegram;
using TelegramAI.Contracts.Configuration;
using TelegramAI.Tests.ServiceDefaults;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Bot;

/// <summary>
/// The bot token stays out of every log line, span and error when Telegram calls go wrong: the whole bot host
/// runs with every log level on (HttpClient's own categories included) and exports its spans and logs over
/// OTLP to a collector that keeps every byte; the test then looks for the token in all of it.
/// </summary>
public sealed class BotTokenSecrecyTests(MotoFixture moto) : BotTestBed(moto)
{
    public enum Failure
    {
        /// <summary>Nothing listens at the Bot API's address.</summary>
        Unreachable,

        /// <summary>Telegram answers 401 Unauthorized: the token is unknown to it.</summary>
        RefusedToken,

        /// <summary>Telegram accepts the connection and never answers.</summary>
        Timeout,
    }

    [Theory]
    [InlineData(Failure.Unreachable)]
    [InlineData(Failure.RefusedToken)]
    [InlineData(Failure.Timeout)]
    public async Task The_token_is_in_no_log_line_span_or_error_when_a_call_fails(Failure failure)
    {
        // A token of its own per case, well-formed, that the stand-in does not know (so it answers 401).
        var token = $"{7_000_000 + (int)failure}:AAFailing{failure}TokenNotKnownToAnyone_0123456789";
        var secret = token[(token.IndexOf(':', StringComparison.Ordinal) + 1)..];

        var exported = new ConcurrentQueue<(string Path, byte[] Body)>();
        await using var collector = await LocalHttpServer.StartAsync(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            exported.Enqueue((context.Request.Path.Value ?? "", body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
        });
        using var hang = new CancellationTokenSource();
        await using var silentTelegram = await LocalHttpServer.StartAsync(async context =>
        {
            using var until = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, hang.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, until.Token);
            }
            catch (OperationCanceledException)
            {
                // The caller gave up, or the test is over.
            }
        });

        var logs = new FakeLogCollector();
        var errors = new List<Exception>();
        void Configure(Dictionary<string, string?> settings)
        {
            settings["Telegram:BotToken"] = token;
            settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseAddress.ToString();
            settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            settings["OTEL_BSP_SCHEDULE_DELAY"] = "100";
            settings["OTEL_BLRP_SCHEDULE_DELAY"] = "100";

            // Lifts ServiceDefaults' second line of defence, so that only the client's own setup is tested.
            settings["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace";
            settings["Logging:LogLevel:Default"] = "Trace";
            switch (failure)
            {
                case Failure.Unreachable:
                    settings["Telegram:ApiBaseUrl"] = $"http://127.0.0.1:{LoopbackPort.Free()}";
                    break;
                case Failure.Timeout:
                    settings["Telegram:ApiBaseUrl"] = silentTelegram.BaseAddress.ToString();
                    settings["Telegram:RequestTimeout"] = "00:00:01";
                    break;
            }
        }

        void Collect(IServiceCollection services)
        {
            services.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(logs));

            // The test bed clears the logger providers; OpenTelemetry's goes back, so log records are exported as in production.
            services.AddLogging(logging => logging.AddOpenTelemetry(otel => otel.IncludeFormattedMessage = true));
            services.AddHttpClient("Probe");
        }

        if (failure == Failure.RefusedToken)
        {
            errors.Add(await Should.ThrowAsync<ConfigurationException>(() => StartBotAsync(Configure, Collect)));
        }
        else
        {
            var bot = await StartBotAsync(Configure, Collect);

            // Any other client of this host writes its request URLs at these log levels: the Telegram client must not.
            using var probe = await bot.Services.GetRequiredService<IHttpClientFactory>().CreateClient("Probe").GetAsync(new Uri(collector.BaseAddress, "probe"), Ct);
            logs.GetSnapshot().ShouldContain(r => r.Category == "System.Net.Http.HttpClient.Probe.LogicalHandler" && r.Message.Contains("/probe", StringComparison.Ordinal));

            errors.Add(await Should.ThrowAsync<RequestException>(
                () => bot.Services.GetRequiredService<ITelegramBotClient>().SendMessage(UserId, "hello", cancellationToken: Ct)));

            // The receiving loop has met the failure too, and logged it.
            await WaitUntilAsync(
                () => Task.FromResult(logs.GetSnapshot().Any(r => r.Message.StartsWith("Receiving updates failed", StringComparison.Ordinal))),
                "the receiving loop to log a failed call");
        }

        await DisposeBotsAsync();
        await hang.CancelAsync();
        await WaitUntilAsync(
            () => Task.FromResult(exported.Any(e => e.Path == "/v1/traces" && Contains(e.Body, "/botREDACTED/getMe"))),
            "the span of the getMe call, its URL redacted, at the collector");

        // What went wrong is told, by method name and reason.
        var records = logs.GetSnapshot();
        records.ShouldContain(r => r.Category == "TelegramAI.Bot.Telegram.TelegramCallLogging" && r.Message.Contains("Telegram getMe", StringComparison.Ordinal));
        records.ShouldNotContain(
            r => (r.Category ?? "").StartsWith($"System.Net.Http.HttpClient.{TelegramServiceCollectionExtensions.HttpClientName}.", StringComparison.Ordinal),
            "IHttpClientFactory's URL loggers are removed from the Telegram client");
        errors.ShouldNotBeEmpty();
        switch (failure)
        {
            case Failure.RefusedToken:
                errors[0].Message.ShouldStartWith("Telegram__BotToken: Telegram refused the token (401 Unauthorized)");
                break;
            case Failure.Timeout:
                errors[0].Message.ShouldBe("Bot API Request timed out");
                records.ShouldContain(r => r.Message.Contains("Telegram getMe did not answer within 1 s", StringComparison.Ordinal));
                break;
            case Failure.Unreachable:
                errors[0].Message.ShouldStartWith("Bot API Service Failure: HttpRequestException");
                break;
        }

        // And the token is nowhere: not in a log line, its structured values, scopes or exceptions...
        foreach (var record in records)
        {
            var text = string.Join('\n', [
                record.Category, record.Message, record.Exception?.ToString() ?? "",
                .. record.StructuredState?.Select(pair => $"{pair.Key}={pair.Value}") ?? [],
                .. record.Scopes.Select(scope => scope?.ToString() ?? "")]);
            text.ShouldNotContain(secret, customMessage: $"log line: {record.Message}");
            text.ShouldNotContain("/bot", Case.Sensitive, $"log line: {record.Message}");
        }

        Logs.ShouldAllBe(line => !line.Contains(secret, StringComparison.Ordinal));

        // ...not in an error the caller sees...
        foreach (var error in errors)
        {
            error.ToString().ShouldNotContain(secret);
        }

        // ...and not in any span or log record exported.
        exported.ShouldContain(e => e.Path == "/v1/logs" && Contains(e.Body, "Telegram getMe"), "the log records went out too");
        exported.ShouldAllBe(e => !Contains(e.Body, secret));
    }

    private static bool Contains(byte[] export, string text) => export.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
