using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using TelegramAI.Contracts.Configuration;

namespace TelegramAI.Aws.Sqs;

/// <summary>
/// Turns a configured queue (a URL, or a bare name resolved with GetQueueUrl) into its URL at start-up,
/// so a wrong queue or wrong credentials stop the service with the key that is wrong.
/// </summary>
public static class QueueAddress
{
    private static readonly HashSet<string> CredentialErrors =
    [
        "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException", "InvalidAccessKeyId",
        "ExpiredToken", "ExpiredTokenException", "AccessDenied", "AccessDeniedException", "MissingAuthenticationToken",
    ];

    /// <summary>A queue's name: the last part of its URL (<c>https://sqs.region.amazonaws.com/account/name</c>), or the name itself.</summary>
    public static string NameOf(string queue) => queue.TrimEnd('/').Split('/')[^1];

    /// <param name="key">The configuration key the value came from, for example <c>Queues__Jobs</c>.</param>
    /// <exception cref="ConfigurationException">The queue does not exist, or AWS refused the credentials.</exception>
    public static async Task<string> ResolveAsync(IAmazonSQS sqs, string key, string configured, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new ConfigurationException(key, "is not set; give a queue URL or a queue name.");
        }

        var isUrl = Uri.TryCreate(configured, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
        try
        {
            if (isUrl)
            {
                // A URL needs no lookup, but the call proves the queue exists and the credentials work.
                await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = configured, AttributeNames = [QueueAttributeName.QueueArn] }, cancellationToken);
                return configured;
            }

            return (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = configured }, cancellationToken)).QueueUrl;
        }
        catch (QueueDoesNotExistException e)
        {
            throw new ConfigurationException(key, $"the queue '{configured}' does not exist ({e.ErrorCode}, request id {e.RequestId}).", e);
        }
        catch (AmazonServiceException e) when (CredentialErrors.Contains(e.ErrorCode))
        {
            throw new ConfigurationException("AWS_ACCESS_KEY_ID", $"AWS refused the credentials: {e.ErrorCode}: {e.Message} (request id {e.RequestId}).", e);
        }
    }
}
