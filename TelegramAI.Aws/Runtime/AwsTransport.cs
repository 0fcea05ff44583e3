using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Polly;
using Polly.Retry;
using TelegramAI.Aws.Signing;

namespace TelegramAI.Aws.Runtime;

/// <summary>One API call on the wire: the operation's name, its body and the headers its protocol needs.</summary>
internal sealed record AwsRequest(string Operation, byte[] Body, string ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers);

/// <summary>The answer to a call that succeeded.</summary>
internal sealed record AwsResponse(byte[] Body, string? RequestId);

/// <summary>
/// Signs, sends and retries calls to one AWS service. Throttling, 5xx and network errors are
/// retried with exponential backoff and jitter; anything else surfaces as <see cref="AwsServiceException"/>.
/// </summary>
internal sealed class AwsTransport
{
    private static readonly ActivitySource ActivitySource = new("TelegramAI.Aws");

    private readonly HttpClient _http;
    private readonly AwsClientSettings _settings;
    private readonly AwsService _service;
    private readonly ResiliencePipeline _retry;
    private readonly Uri _endpoint;

    public AwsTransport(HttpClient http, AwsClientSettings settings, AwsService service)
    {
        _http = http;
        _settings = settings;
        _service = service;
        _endpoint = settings.EndpointFor(service);
        _retry = settings.MaxErrorRetry == 0 ? ResiliencePipeline.Empty : new ResiliencePipelineBuilder { TimeProvider = settings.TimeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxErrorRetry,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                MaxDelay = settings.MaxRetryDelay,
                ShouldHandle = new PredicateBuilder()
                    .Handle<AwsServiceException>(e => e.IsRetryable)
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutException>(),
            })
            .Build();
    }

    public Uri Endpoint => _endpoint;

    public async Task<AwsResponse> SendAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        using var activity = ActivitySource.StartActivity($"{_service.ServiceId}.{request.Operation}", ActivityKind.Client);
        activity?.SetTag("rpc.system", "aws-api");
        activity?.SetTag("rpc.service", _service.ServiceId);
        activity?.SetTag("rpc.method", request.Operation);
        try
        {
            var response = await _retry.ExecuteAsync(
                static async (state, ct) => await state.self.SendOnceAsync(state.request, ct),
                (self: this, request),
                cancellationToken);
            activity?.SetTag("aws.request_id", response.RequestId);
            return response;
        }
        catch (AwsServiceException e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.ErrorCode);
            activity?.SetTag("aws.request_id", e.RequestId);
            throw;
        }
    }

    private async Task<AwsResponse> SendOnceAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        var credentials = await _settings.Credentials.GetCredentialsAsync();
        using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(request.Body) };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);

        var headers = request.Headers.Append(new("Content-Type", request.ContentType)).ToList();
        var signable = new SignableRequest("POST", HostHeader(_endpoint), _endpoint.AbsolutePath, [], headers, SigV4Signer.PayloadHash(request.Body));
        var signing = new AwsSigningCredentials(credentials.AccessKey, credentials.SecretKey, credentials.UseToken ? credentials.Token : null);
        foreach (var header in request.Headers.Concat(SigV4Signer.Sign(signable, signing, _settings.Region, _service.SigningName, _settings.TimeProvider.GetUtcNow())))
        {
            message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{_service.ServiceId} {request.Operation} timed out.", e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw AwsErrorReader.Read(request.Operation, response, body);
            }

            return new AwsResponse(body, RequestId(response));
        }
    }

    internal static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-RequestId", out var values) || response.Headers.TryGetValues("x-amz-request-id", out values)
            ? values.FirstOrDefault()
            : null;

    private static string HostHeader(Uri endpoint) => endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}";
}
