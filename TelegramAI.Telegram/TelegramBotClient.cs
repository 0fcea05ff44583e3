using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TelegramAI.Telegram.Types;

namespace TelegramAI.Telegram;

/// <summary>
/// Calls the Bot API over the given <see cref="HttpClient"/>. Deadlines are applied per call, so the
/// HttpClient's own <see cref="HttpClient.Timeout"/> should be infinite (as
/// <see cref="TelegramServiceCollectionExtensions.AddTelegramBotClient"/> sets it) or longer than any long poll.
/// </summary>
public sealed partial class TelegramBotClient : ITelegramBotClient
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient httpClient;
    private readonly TelegramOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;

    // Contains the token: only ever handed to HttpClient, never logged or put in a message.
    private readonly string methodUrlPrefix;

    public TelegramBotClient(
        TelegramOptions options,
        HttpClient httpClient,
        TimeProvider? timeProvider = null,
        ILogger<TelegramBotClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        options.Validate();

        this.options = options;
        this.httpClient = httpClient;
        this.timeProvider = timeProvider ?? TimeProvider.System;
        this.logger = logger ?? NullLogger<TelegramBotClient>.Instance;
        methodUrlPrefix = $"{options.ApiBaseUrl.TrimEnd('/')}/bot{options.BotToken}/";
    }

    public Task<User> GetMe(CancellationToken cancellationToken = default) =>
        Call("getMe", () => null, TelegramJsonContext.Default.ApiResponseUser, cancellationToken: cancellationToken);

    public Task<Update[]> GetUpdates(
        int? offset = null,
        int? limit = null,
        int? timeout = null,
        IEnumerable<UpdateType>? allowedUpdates = null,
        CancellationToken cancellationToken = default)
    {
        var request = new GetUpdatesRequest(offset, limit, timeout, allowedUpdates?.ToArray());
        return Call(
            "getUpdates",
            () => Json(request, TelegramJsonContext.Default.GetUpdatesRequest),
            TelegramJsonContext.Default.ApiResponseUpdateArray,
            longPoll: TimeSpan.FromSeconds(Math.Max(timeout ?? 0, 0)),
            cancellationToken: cancellationToken);
    }

    public Task<Message> SendMessage(
        long chatId,
        string text,
        ParseMode parseMode = default,
        ReplyParameters? replyParameters = null,
        LinkPreviewOptions? linkPreviewOptions = null,
        bool disableNotification = false,
        CancellationToken cancellationToken = default)
    {
        var request = new SendMessageRequest(chatId, text, OrNull(parseMode), replyParameters, linkPreviewOptions, disableNotification);
        return Call(
            "sendMessage",
            () => Json(request, TelegramJsonContext.Default.SendMessageRequest),
            TelegramJsonContext.Default.ApiResponseMessage,
            cancellationToken: cancellationToken);
    }

    public Task<Message> EditMessageText(
        long chatId,
        int messageId,
        string text,
        ParseMode parseMode = default,
        LinkPreviewOptions? linkPreviewOptions = null,
        CancellationToken cancellationToken = default)
    {
        var request = new EditMessageTextRequest(chatId, messageId, text, OrNull(parseMode), linkPreviewOptions);
        return Call(
            "editMessageText",
            () => Json(request, TelegramJsonContext.Default.EditMessageTextRequest),
            TelegramJsonContext.Default.ApiResponseMessage,
            cancellationToken: cancellationToken);
    }

    public Task<Message> SendVideo(
        long chatId,
        InputFile video,
        string? caption = null,
        ParseMode parseMode = default,
        ReplyParameters? replyParameters = null,
        int? duration = null,
        int? width = null,
        int? height = null,
        bool supportsStreaming = false,
        bool disableNotification = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(video);
        var reference = video switch
        {
            InputFileUrl url => url.Url.AbsoluteUri,
            InputFileId id => id.Id,
            _ => null,
        };
        var request = new SendVideoRequest(
            chatId, reference, caption, OrNull(parseMode), replyParameters, duration, width, height, supportsStreaming, disableNotification);

        if (video is not InputFileStream upload)
        {
            return Call(
                "sendVideo",
                () => Json(request, TelegramJsonContext.Default.SendVideoRequest),
                TelegramJsonContext.Default.ApiResponseMessage,
                cancellationToken: cancellationToken);
        }

        var fields = JsonSerializer.SerializeToElement(request, TelegramJsonContext.Default.SendVideoRequest);
        var start = upload.Content.CanSeek ? upload.Content.Position : 0;
        return Call(
            "sendVideo",
            () =>
            {
                if (upload.Content.CanSeek)
                {
                    upload.Content.Position = start;
                }

                return Multipart(fields, "video", upload);
            },
            TelegramJsonContext.Default.ApiResponseMessage,
            canRepeat: upload.Content.CanSeek,
            cancellationToken: cancellationToken);
    }

    public Task SetWebhook(
        string url,
        IEnumerable<UpdateType>? allowedUpdates = null,
        bool dropPendingUpdates = false,
        string? secretToken = null,
        int? maxConnections = null,
        CancellationToken cancellationToken = default)
    {
        var request = new SetWebhookRequest(url, allowedUpdates?.ToArray(), dropPendingUpdates, secretToken, maxConnections);
        return Call(
            "setWebhook",
            () => Json(request, TelegramJsonContext.Default.SetWebhookRequest),
            TelegramJsonContext.Default.ApiResponseBoolean,
            cancellationToken: cancellationToken);
    }

    public Task DeleteWebhook(bool dropPendingUpdates = false, CancellationToken cancellationToken = default)
    {
        var request = new DeleteWebhookRequest(dropPendingUpdates);
        return Call(
            "deleteWebhook",
            () => Json(request, TelegramJsonContext.Default.DeleteWebhookRequest),
            TelegramJsonContext.Default.ApiResponseBoolean,
            cancellationToken: cancellationToken);
    }

    /// <summary>Sends one call, repeating it while Telegram answers 429 with a wait we are willing to honour.</summary>
    /// <param name="createContent">Called once per attempt: content cannot be sent twice.</param>
    private async Task<TResult> Call<TResult>(
        string method,
        Func<HttpContent?> createContent,
        JsonTypeInfo<ApiResponse<TResult>> responseType,
        TimeSpan longPoll = default,
        bool canRepeat = true,
        CancellationToken cancellationToken = default)
    {
        for (var retry = 1; ; retry++)
        {
            try
            {
                return await CallOnce(method, createContent, responseType, longPoll, cancellationToken);
            }
            catch (ApiRequestException e) when (canRepeat
                && retry <= options.MaxRetryAttempts
                && e is { ErrorCode: 429, Parameters.RetryAfter: { } seconds }
                && TimeSpan.FromSeconds(seconds) <= options.MaxRetryAfter)
            {
                LogRateLimited(method, seconds, retry, options.MaxRetryAttempts);
                await Task.Delay(TimeSpan.FromSeconds(seconds), timeProvider, cancellationToken);
            }
        }
    }

    private async Task<TResult> CallOnce<TResult>(
        string method,
        Func<HttpContent?> createContent,
        JsonTypeInfo<ApiResponse<TResult>> responseType,
        TimeSpan longPoll,
        CancellationToken cancellationToken)
    {
        var deadline = options.RequestTimeout + longPoll;
        using var timeout = new CancellationTokenSource(deadline, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, methodUrlPrefix + method) { Content = createContent() };
        var started = Stopwatch.GetTimestamp();

        ApiResponse<TResult>? answer;
        HttpResponseMessage? response = null;
        try
        {
            response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            answer = await ReadAnswer(response, responseType, linked.Token);
        }
        catch when (DisposeOnFailure(response))
        {
            // Never reached: the filter disposes a half-read answer, so its connection goes back to the pool, and does not catch.
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e)
        {
            // Ours, or the HttpClient's own Timeout when a caller-supplied client has one shorter than ours.
            var limit = timeout.IsCancellationRequested ? $"{deadline.TotalSeconds:0.#} s" : "the HttpClient's Timeout";
            LogFailed(method, "timed out");
            throw new RequestException(method, $"Telegram {method} did not answer within {limit}", WithoutToken(e));
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            var reason = Redact(e.Message);
            LogFailed(method, reason);
            throw new RequestException(method, $"Telegram {method} failed: the Bot API could not be reached: {reason}", WithoutToken(e));
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            LogAnswered(method, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            if (answer is { Ok: true, Result: { } result })
            {
                return result;
            }

            if (answer is null or { Ok: true })
            {
                throw new ApiRequestException(
                    method, status, $"HTTP {status} {response.ReasonPhrase} without a Bot API result", null);
            }

            throw new ApiRequestException(
                method, answer.ErrorCode ?? status, Redact(answer.Description ?? response.ReasonPhrase), answer.Parameters);
        }
    }

    /// <summary>The envelope, or null when the body is not one (a proxy's HTML error page, say).</summary>
    private static bool DisposeOnFailure(HttpResponseMessage? response)
    {
        response?.Dispose();
        return false;
    }

    private static async Task<ApiResponse<TResult>?> ReadAnswer<TResult>(
        HttpResponseMessage response, JsonTypeInfo<ApiResponse<TResult>> responseType, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonSerializer.DeserializeAsync(body, responseType, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ByteArrayContent Json<T>(T request, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, type));
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    /// <summary>Form fields from the JSON request (objects as JSON text, as the Bot API expects) plus the file.</summary>
    private static MultipartFormDataContent Multipart(JsonElement fields, string fileField, InputFileStream file)
    {
        var form = new MultipartFormDataContent();
        foreach (var field in fields.EnumerateObject())
        {
            var value = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()! : field.Value.GetRawText();
            form.Add(new StringContent(value), field.Name);
        }

        form.Add(new UploadContent(file.Content), fileField, file.FileName ?? fileField);
        return form;
    }

    private static ParseMode? OrNull(ParseMode parseMode) => parseMode == ParseMode.None ? null : parseMode;

    private string Redact(string? text) =>
        TelegramTokenRedactor.Redact(text).Replace(options.BotToken, TelegramTokenRedactor.Placeholder, StringComparison.Ordinal);

    /// <summary>
    /// The exception to keep as inner, or null when its text (an HttpRequestException's may hold the
    /// URL) would reveal the token through our exception's ToString().
    /// </summary>
    private Exception? WithoutToken(Exception e)
    {
        var text = e.ToString();
        return Redact(text) == text ? e : null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telegram {Method} answered {StatusCode} in {ElapsedMs:0} ms")]
    private partial void LogAnswered(string method, int statusCode, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telegram {Method} failed: {Reason}")]
    private partial void LogFailed(string method, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram {Method} was rate limited; repeating it in {RetryAfter} s (retry {Retry} of {MaxRetries})")]
    private partial void LogRateLimited(string method, int retryAfter, int retry, int maxRetries);
}
