using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Args;
using Telegram.Bot.Requests;

namespace TelegramAI.Bot.Telegram;

/// <summary>
/// Gives each Bot API call its own deadline: <see cref="TelegramOptions.RequestTimeout"/>, plus the wait of a
/// getUpdates long poll (up to 50 s), which Telegram spends holding the answer back on purpose. HttpClient's
/// single <see cref="HttpClient.Timeout"/> cannot tell the two apart, so it is infinite for this client and the
/// deadline lives here. It covers reading the answer too. A call that runs out surfaces from Telegram.Bot as a
/// <c>RequestException</c> ("Bot API Request timed out"), as a timeout of its own HttpClient would.
/// </summary>
public sealed class TelegramCallDeadline(IOptions<TelegramOptions> options, TimeProvider time) : DelegatingHandler
{
    /// <summary>How long the call's getUpdates asked Telegram to wait for updates (its <c>timeout</c> parameter).</summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> LongPollWait = new("TelegramAI.LongPollWait");

    /// <summary>
    /// Telegram.Bot's <see cref="ITelegramBotClient.OnMakingApiRequest"/> handler that marks a getUpdates call
    /// with its <see cref="LongPollWait"/>: only the typed request knows it.
    /// </summary>
    public static ValueTask NoteLongPollWait(ITelegramBotClient client, ApiRequestEventArgs call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call is { Request: GetUpdatesRequest { Timeout: > 0 and var seconds }, HttpRequestMessage: { } request })
        {
            request.Options.Set(LongPollWait, TimeSpan.FromSeconds(seconds));
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The Bot API method a request calls: the last segment of its URL, the one after the token (redacted all
    /// the same, should a URL ever end at the token).
    /// </summary>
    public static string MethodOf(HttpRequestMessage request) =>
        request?.RequestUri is { } url ? TelegramTokenRedactor.Redact(url.Segments[^1].TrimEnd('/')) : "(no method)";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limit = options.Value.RequestTimeout + (request.Options.TryGetValue(LongPollWait, out var wait) ? wait : TimeSpan.Zero);
        using var deadline = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, linked.Token);
            await response.Content.LoadIntoBufferAsync(linked.Token);
            return response;
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            throw new TaskCanceledException(
                $"Telegram {MethodOf(request)} did not answer within {limit.TotalSeconds:0.#} s",
                new TimeoutException(e.Message));
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }
}
