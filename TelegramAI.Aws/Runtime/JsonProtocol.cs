using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace TelegramAI.Aws.Runtime;

/// <summary>
/// The AWS JSON 1.0 protocol (<c>X-Amz-Target: Prefix.Operation</c>, JSON in and out), spoken by SQS.
/// </summary>
internal sealed class JsonProtocol(HttpClient http, AwsClientSettings settings, AwsService service, string targetPrefix)
{
    private readonly AwsTransport _transport = new(http, settings, service);

    public async Task<TResponse> InvokeAsync<TRequest, TResponse>(
        string operation, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
        where TResponse : AwsResponseBase, new()
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        var response = await _transport.SendAsync(
            new AwsRequest(operation, body, "application/x-amz-json-1.0", [new("X-Amz-Target", $"{targetPrefix}.{operation}")]),
            cancellationToken);
        var result = response.Body.Length == 0 ? new TResponse() : JsonSerializer.Deserialize(response.Body, responseType) ?? new TResponse();
        result.ResponseMetadata = new ResponseMetadata(response.RequestId);
        return result;
    }
}
