using System.Collections.Concurrent;
using Amazon.SQS;
using TelegramAI.Aws.Sqs;

namespace TelegramAI.MetricSender.Measuring;

/// <summary>
/// The URL of each configured queue, resolved the first time it is found and kept for the life
/// of the process, so a period costs one SQS call per target rather than two.
/// </summary>
public sealed class QueueUrls
{
    private readonly ConcurrentDictionary<string, string> _resolved = new(StringComparer.Ordinal);

    /// <param name="key">The setting the queue came from, named in a credential error.</param>
    public async ValueTask<string> ResolveAsync(IAmazonSQS sqs, string key, string configured, CancellationToken cancellationToken)
    {
        if (_resolved.TryGetValue(configured, out var url))
        {
            return url;
        }

        url = await QueueAddress.ResolveAsync(sqs, key, configured, cancellationToken);
        _resolved[configured] = url;
        return url;
    }
}
