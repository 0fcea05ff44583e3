using System.Net;
using System.Text.Json.Serialization.Metadata;
using TelegramAI.Aws.Runtime;
using TelegramAI.Aws.Sqs.Model;

namespace TelegramAI.Aws.Sqs;

/// <summary>SQS over its JSON protocol, signed with SigV4.</summary>
public sealed class SqsClient(HttpClient http, AwsClientSettings settings) : ISqsClient
{
    private readonly JsonProtocol _protocol = new(http, settings, AwsService.Sqs, "AmazonSQS");

    public Task<GetQueueUrlResponse> GetQueueUrlAsync(GetQueueUrlRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("GetQueueUrl", request.QueueName, request, SqsJson.Default.GetQueueUrlRequest, SqsJson.Default.GetQueueUrlResponse, cancellationToken);

    public Task<CreateQueueResponse> CreateQueueAsync(CreateQueueRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("CreateQueue", request.QueueName, request, SqsJson.Default.CreateQueueRequest, SqsJson.Default.CreateQueueResponse, cancellationToken);

    public Task<SendMessageResponse> SendMessageAsync(SendMessageRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("SendMessage", request.QueueUrl, request, SqsJson.Default.SendMessageRequest, SqsJson.Default.SendMessageResponse, cancellationToken);

    public Task<SendMessageBatchResponse> SendMessageBatchAsync(SendMessageBatchRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("SendMessageBatch", request.QueueUrl, request, SqsJson.Default.SendMessageBatchRequest, SqsJson.Default.SendMessageBatchResponse, cancellationToken);

    public Task<ReceiveMessageResponse> ReceiveMessageAsync(ReceiveMessageRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("ReceiveMessage", request.QueueUrl, request, SqsJson.Default.ReceiveMessageRequest, SqsJson.Default.ReceiveMessageResponse, cancellationToken);

    public Task<DeleteMessageResponse> DeleteMessageAsync(DeleteMessageRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("DeleteMessage", request.QueueUrl, request, SqsJson.Default.DeleteMessageRequest, SqsJson.Default.DeleteMessageResponse, cancellationToken);

    public Task<DeleteMessageBatchResponse> DeleteMessageBatchAsync(DeleteMessageBatchRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("DeleteMessageBatch", request.QueueUrl, request, SqsJson.Default.DeleteMessageBatchRequest, SqsJson.Default.DeleteMessageBatchResponse, cancellationToken);

    public Task<ChangeMessageVisibilityResponse> ChangeMessageVisibilityAsync(ChangeMessageVisibilityRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("ChangeMessageVisibility", request.QueueUrl, request, SqsJson.Default.ChangeMessageVisibilityRequest, SqsJson.Default.ChangeMessageVisibilityResponse, cancellationToken);

    public Task<GetQueueAttributesResponse> GetQueueAttributesAsync(GetQueueAttributesRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("GetQueueAttributes", request.QueueUrl, request, SqsJson.Default.GetQueueAttributesRequest, SqsJson.Default.GetQueueAttributesResponse, cancellationToken);

    private async Task<TResponse> InvokeAsync<TRequest, TResponse>(
        string operation, string queue, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
        where TResponse : AwsResponseBase, new()
    {
        try
        {
            return await _protocol.InvokeAsync(operation, request, requestType, responseType, cancellationToken);
        }
        catch (AwsServiceException e) when (e.ErrorCode is "QueueDoesNotExist" or "AWS.SimpleQueueService.NonExistentQueue")
        {
            // AWS's message does not say which queue; with several queues per service the reader needs to know.
            throw new QueueDoesNotExistException(operation, queue, e);
        }
    }
}

/// <summary>The queue named in a call does not exist (or the caller may not see it).</summary>
public sealed class QueueDoesNotExistException(string operation, string queue, AwsServiceException inner)
    : AwsServiceException(operation, $"The queue '{queue}' does not exist.", inner.ErrorCode, inner.RequestId, inner.StatusCode == 0 ? HttpStatusCode.BadRequest : inner.StatusCode, inner.ErrorType)
{
    public string Queue { get; } = queue;
}
