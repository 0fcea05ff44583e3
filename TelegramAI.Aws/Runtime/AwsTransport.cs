using System.Diagnostics;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Polly;
using Polly.Retry;

namespace TelegramAI.Aws.Runtime;

/// <summary>The answer to a call that succeeded.</summary>
internal sealed record AwsResponse(byte[] Body, string? RequestId);

/// <summary>
/// Signs (with AWSSDK.Core's own Signature Version 4 signer), sends and retries the form-encoded calls
/// of one query-protocol service. Throttling, 5xx and network errors are retried with exponential
/// backoff and full jitter, as the SDK's standard retry mode does; anything else surfaces as
/// <see cref="AwsServiceException"/>.
/// </summary>
internal sealed class AwsTransport
{
    private const string FormContentType = "application/x-www-form-urlencoded; charset=utf-8";

    private static readonly ActivitySource ActivitySource = new("TelegramAI.Aws");

    // The signer takes its clock-skew correction from a client configuration; each request names its
    // own region and signing name, which win, so any SDK client's configuration serves.
    private static readonly IClientConfig SigningConfig = new AmazonEC2Config();

    private readonly HttpClient _http;
    private readonly AwsClientSettings _settings;
    private readonly AwsService _service;
    private readonly ResiliencePipeline _retry;
    private readonly Uri _endpoint;
    private readonly AWS4Signer _signer = new();

    public AwsTransport(HttpClient http, AwsClientSettings settings, AwsService service)
    {
        _http = http;
        _settings = settings;
        _service = service;
        _endpoint = settings.EndpointFor(service);
        _retry = settings.MaxErrorRetry == 0 ? ResiliencePipeline.Empty : new ResiliencePipelineBuilder()
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

    /// <summary>Sends the form <paramref name="body"/> of <paramref name="operation"/> until it succeeds or may not be retried.</summary>
    public async Task<AwsResponse> SendAsync(string operation, byte[] body, CancellationToken cancellationToken)
    {
        using var activity = ActivitySource.StartActivity($"{_service.ServiceId}.{operation}", ActivityKind.Client);
        activity?.SetTag("rpc.system", "aws-api");
        activity?.SetTag("rpc.service", _service.ServiceId);
        activity?.SetTag("rpc.method", operation);
        try
        {
            var response = await _retry.ExecuteAsync(
                static async (state, ct) => await state.self.SendOnceAsync(state.operation, state.body, ct),
                (self: this, operation, body),
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

    private async Task<AwsResponse> SendOnceAsync(string operation, byte[] body, CancellationToken cancellationToken)
    {
        // Signed anew for each attempt: the date is part of the signature, and credentials from an
        // instance role may have been refreshed in between.
        var credentials = await _settings.Credentials.GetCredentialsAsync();
        var signable = new DefaultRequest(new QueryRequest(), _service.ServiceId)
        {
            HttpMethod = "POST",
            Endpoint = _endpoint,
            ResourcePath = _endpoint.AbsolutePath,
            Content = body,
            AuthenticationRegion = _settings.Region,
            OverrideSigningServiceName = _service.SigningName,
        };
        signable.Headers["Content-Type"] = FormContentType;
        if (credentials.UseToken)
        {
            // The SDK's pipeline adds the session token before its signer runs; the signer itself does not.
            signable.Headers["X-Amz-Security-Token"] = credentials.Token;
        }

        _signer.Sign(signable, SigningConfig, null, new BasicAWSCredentials(credentials.AccessKey, credentials.SecretKey));

        using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in signable.Headers)
        {
            if (!name.Equals("host", StringComparison.OrdinalIgnoreCase) && !message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{_service.ServiceId} {operation} timed out.", e);
        }

        using (response)
        {
            var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw AwsErrorReader.Read(operation, response, answer);
            }

            return new AwsResponse(answer, RequestId(response));
        }
    }

    internal static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-RequestId", out var values) || response.Headers.TryGetValues("x-amz-request-id", out values)
            ? values.FirstOrDefault()
            : null;

    /// <summary>The SDK's request type the signer's request wraps; ours carry no SDK request of their own.</summary>
    private sealed class QueryRequest : AmazonWebServiceRequest;
}
