using System.Globalization;
using System.Net;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using TelegramAI.Aws.Emulator;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Aws;

/// <summary>
/// The SDK's SQS client as our settings configure it (endpoint, region, credentials, retries), against
/// moto on the wire: what the queue code relies on, including SDK v4's nulls for empty collections.
/// </summary>
public sealed class SqsThroughSdkTests(MotoFixture moto)
{
    private readonly IAmazonSQS _sqs = moto.Sqs();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_created_queue_is_found_by_name_and_keeps_its_attributes_and_redrive_policy()
    {
        var dlq = await _sqs.CreateQueueAsync(new CreateQueueRequest() { QueueName = MotoFixture.UniqueName("dlq") }, Ct);
        var dlqArn = (await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest() { QueueUrl = dlq.QueueUrl, AttributeNames = [QueueAttributeName.QueueArn] }, Ct)).QueueARN;
        var name = MotoFixture.UniqueName("jobs");

        var created = await _sqs.CreateQueueAsync(new CreateQueueRequest()
        {
            QueueName = name,
            Attributes = new()
            {
                [QueueAttributeName.VisibilityTimeout] = "120",
                [QueueAttributeName.RedrivePolicy] = $"{{\"deadLetterTargetArn\":\"{dlqArn}\",\"maxReceiveCount\":\"3\"}}",
            },
        }, Ct);

        var found = await _sqs.GetQueueUrlAsync(new GetQueueUrlRequest() { QueueName = name }, Ct);
        found.QueueUrl.ShouldBe(created.QueueUrl);
        found.ResponseMetadata.RequestId.ShouldNotBeNullOrEmpty();
        created.HttpStatusCode.ShouldBe(HttpStatusCode.OK);

        var attributes = await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest() { QueueUrl = created.QueueUrl, AttributeNames = [QueueAttributeName.All] }, Ct);
        attributes.Attributes[QueueAttributeName.VisibilityTimeout].ShouldBe("120");
        attributes.Attributes[QueueAttributeName.RedrivePolicy].ShouldContain(dlqArn!);
        attributes.Attributes[QueueAttributeName.RedrivePolicy].ShouldContain("maxReceiveCount");
    }

    [Fact]
    public async Task A_message_goes_round_trip_with_its_attributes_and_receive_count_and_is_gone_once_deleted()
    {
        var queue = await NewQueueAsync();
        var sent = await _sqs.SendMessageAsync(new SendMessageRequest()
        {
            QueueUrl = queue,
            MessageBody = "{\"hello\":\"wörld\"}",
            MessageAttributes = new() { ["traceparent"] = new MessageAttributeValue { DataType = "String", StringValue = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" } },
        }, Ct);
        sent.MessageId.ShouldNotBeNullOrEmpty();

        var first = await ReceiveOneAsync(queue, visibilityTimeout: 0);
        first.Body.ShouldBe("{\"hello\":\"wörld\"}");
        first.MessageId.ShouldBe(sent.MessageId);
        first.MessageAttributes["traceparent"].StringValue.ShouldBe("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        first.Attributes[MessageSystemAttributeName.ApproximateReceiveCount].ShouldBe("1");

        var second = await ReceiveOneAsync(queue, visibilityTimeout: 30);
        second.Attributes[MessageSystemAttributeName.ApproximateReceiveCount].ShouldBe("2");

        await _sqs.DeleteMessageAsync(new DeleteMessageRequest() { QueueUrl = queue, ReceiptHandle = second.ReceiptHandle }, Ct);
        var attributes = await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest() { QueueUrl = queue, AttributeNames = [QueueAttributeName.ApproximateNumberOfMessages, QueueAttributeName.ApproximateNumberOfMessagesNotVisible] }, Ct);
        attributes.ApproximateNumberOfMessages.ShouldBe(0);
        attributes.ApproximateNumberOfMessagesNotVisible.ShouldBe(0);
    }

    [Fact]
    public async Task A_batch_is_sent_received_in_tens_and_deleted_as_a_batch()
    {
        var queue = await NewQueueAsync();
        var sent = await _sqs.SendMessageBatchAsync(new SendMessageBatchRequest()
        {
            QueueUrl = queue,
            Entries = Enumerable.Range(0, 10).Select(i => new SendMessageBatchRequestEntry { Id = $"m{i}", MessageBody = $"body {i}" }).ToList(),
        }, Ct);
        sent.Successful.Select(s => s.Id).Order().ShouldBe(Enumerable.Range(0, 10).Select(i => $"m{i}").Order());
        (sent.Failed ?? []).ShouldBeEmpty();

        var received = new List<Message>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (received.Count < 10 && DateTime.UtcNow < deadline)
        {
            var batch = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest() { QueueUrl = queue, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 }, Ct);
            received.AddRange(batch.Messages ?? []);
        }

        received.Select(m => m.Body).Order().ShouldBe(Enumerable.Range(0, 10).Select(i => $"body {i}").Order());

        var deleted = await _sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest()
        {
            QueueUrl = queue,
            Entries = received.Select((m, i) => new DeleteMessageBatchRequestEntry { Id = $"d{i}", ReceiptHandle = m.ReceiptHandle }).ToList(),
        }, Ct);
        deleted.Successful.Count.ShouldBe(10);
        (await _sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest() { QueueUrl = queue, AttributeNames = [QueueAttributeName.ApproximateNumberOfMessagesNotVisible] }, Ct))
            .ApproximateNumberOfMessagesNotVisible.ShouldBe(0);
    }

    [Fact]
    public async Task A_batch_entry_that_sqs_refuses_is_reported_beside_the_accepted_ones()
    {
        var queue = await NewQueueAsync();
        var response = await _sqs.SendMessageBatchAsync(new SendMessageBatchRequest()
        {
            QueueUrl = queue,
            Entries =
            [
                new() { Id = "ok", MessageBody = "fine" },
                new() { Id = "bad-delay", MessageBody = "late", DelaySeconds = 901 },
            ],
        }, Ct);

        response.Successful.Select(s => s.Id).ShouldBe(["ok"]);
        var failed = response.Failed.ShouldHaveSingleItem();
        failed.Id.ShouldBe("bad-delay");
        failed.Code.ShouldNotBeNullOrEmpty();
        failed.SenderFault.ShouldBe(true);
    }

    [Fact]
    public async Task Long_polling_waits_for_a_message_sent_while_it_waits()
    {
        var queue = await NewQueueAsync();
        var receive = _sqs.ReceiveMessageAsync(new ReceiveMessageRequest() { QueueUrl = queue, WaitTimeSeconds = 10, MaxNumberOfMessages = 1 }, Ct);
        await _sqs.SendMessageAsync(new SendMessageRequest() { QueueUrl = queue, MessageBody = "late" }, Ct);

        (await receive).Messages.Single().Body.ShouldBe("late");
    }

    [Fact]
    public async Task Changing_visibility_to_zero_makes_a_received_message_available_again_at_once()
    {
        var queue = await NewQueueAsync();
        await _sqs.SendMessageAsync(new SendMessageRequest() { QueueUrl = queue, MessageBody = "job" }, Ct);
        var taken = await ReceiveOneAsync(queue, visibilityTimeout: 600);

        await _sqs.ChangeMessageVisibilityAsync(new ChangeMessageVisibilityRequest() { QueueUrl = queue, ReceiptHandle = taken.ReceiptHandle, VisibilityTimeout = 0 }, Ct);

        var again = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest() { QueueUrl = queue, WaitTimeSeconds = 1 }, Ct);
        again.Messages.Single().MessageId.ShouldBe(taken.MessageId);
    }

    [Fact]
    public async Task A_queue_that_does_not_exist_gives_the_sdks_exception_with_its_error_code()
    {
        var missing = MotoFixture.UniqueName("missing");

        var byName = await Should.ThrowAsync<QueueDoesNotExistException>(() => _sqs.GetQueueUrlAsync(new GetQueueUrlRequest() { QueueName = missing }, Ct));
        byName.ErrorCode.ShouldBe("AWS.SimpleQueueService.NonExistentQueue");
        byName.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        byName.RequestId.ShouldNotBeNullOrEmpty();

        var url = $"{moto.Server.Endpoint}123456789012/{missing}";
        await Should.ThrowAsync<QueueDoesNotExistException>(() => _sqs.SendMessageAsync(new SendMessageRequest() { QueueUrl = url, MessageBody = "x" }, Ct));
    }

    [Fact]
    public async Task A_refused_parameter_surfaces_as_a_sender_error_with_code_and_is_not_retried()
    {
        var queue = await NewQueueAsync();
        await using var proxy = await FlakyAwsProxy.StartAsync(moto.Server.Endpoint, failures: 0, HttpStatusCode.OK, "text/plain", "");
        var sqs = moto.Sqs(proxy.Endpoint);

        var error = await Should.ThrowAsync<AmazonServiceException>(() =>
            sqs.ReceiveMessageAsync(new ReceiveMessageRequest() { QueueUrl = queue, MaxNumberOfMessages = 11 }, Ct));

        error.ErrorType.ShouldBe(ErrorType.Sender);
        error.ErrorCode.ShouldNotBeNullOrEmpty();
        proxy.Requests.ShouldBe(1);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "application/x-amz-json-1.0", "{\"__type\":\"com.amazonaws.sqs#ThrottlingException\",\"message\":\"Rate exceeded\"}")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "text/html", "<html>Service Unavailable</html>")]
    [InlineData(HttpStatusCode.InternalServerError, "application/x-amz-json-1.0", "{\"__type\":\"InternalError\",\"message\":\"oops\"}")]
    public async Task A_throttled_or_failing_service_is_retried_and_the_call_then_succeeds(HttpStatusCode status, string contentType, string body)
    {
        var name = MotoFixture.UniqueName("flaky");
        await _sqs.CreateQueueAsync(new CreateQueueRequest() { QueueName = name }, Ct);
        await using var proxy = await FlakyAwsProxy.StartAsync(moto.Server.Endpoint, failures: 2, status, contentType, body);

        var response = await moto.Sqs(proxy.Endpoint, maxErrorRetry: 3).GetQueueUrlAsync(new GetQueueUrlRequest() { QueueName = name }, Ct);

        response.QueueUrl.ShouldEndWith(name);
        proxy.Requests.ShouldBe(3);
    }

    [Fact]
    public async Task A_service_that_keeps_failing_gives_up_after_the_retry_limit_with_the_last_error()
    {
        await using var proxy = await FlakyAwsProxy.StartAsync(moto.Server.Endpoint, failures: 100, HttpStatusCode.ServiceUnavailable, "text/plain", "down");

        var error = await Should.ThrowAsync<AmazonServiceException>(() =>
            moto.Sqs(proxy.Endpoint, maxErrorRetry: 2).GetQueueUrlAsync(new GetQueueUrlRequest() { QueueName = "any" }, Ct));

        error.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        error.RequestId.ShouldBe("flaky-proxy-request");
        proxy.Requests.ShouldBe(3);
    }

    [Fact]
    public async Task A_network_error_is_retried_and_then_reported()
    {
        // A port nobody listens on: connection refused every time.
        var closed = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/");

        var error = await Should.ThrowAsync<Exception>(() =>
            moto.Sqs(closed, maxErrorRetry: 1).GetQueueUrlAsync(new GetQueueUrlRequest() { QueueName = "any" }, Ct));

        var network = (error as HttpRequestException ?? error.InnerException as HttpRequestException).ShouldNotBeNull(error.ToString());
        network.HttpRequestError.ShouldBe(HttpRequestError.ConnectionError);
    }

    [Fact]
    public async Task An_empty_poll_answers_null_messages_as_SDK_v4_does()
    {
        var queue = await NewQueueAsync();

        var empty = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queue, WaitTimeSeconds = 0 }, Ct);

        empty.Messages.ShouldBeNull();
    }

    private async Task<string> NewQueueAsync() =>
        (await _sqs.CreateQueueAsync(new CreateQueueRequest() { QueueName = MotoFixture.UniqueName("q") }, Ct)).QueueUrl;

    private async Task<Message> ReceiveOneAsync(string queue, int visibilityTimeout)
    {
        var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest()
        {
            QueueUrl = queue,
            WaitTimeSeconds = 5,
            VisibilityTimeout = visibilityTimeout,
            MessageAttributeNames = ["All"],
            MessageSystemAttributeNames = [MessageSystemAttributeName.ApproximateReceiveCount],
        }, Ct);
        return response.Messages.ShouldHaveSingleItem();
    }

}
