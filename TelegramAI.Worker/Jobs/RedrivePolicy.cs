using System.Globalization;
using System.Text.Json;

namespace TelegramAI.Worker.Jobs;

/// <summary>A queue's <c>RedrivePolicy</c> attribute: where SQS moves a message received too often.</summary>
public sealed record RedrivePolicy(string DeadLetterTargetArn, int MaxReceiveCount)
{
    /// <summary>The policy in the attribute's JSON, or null when there is none or it cannot be read.</summary>
    public static RedrivePolicy? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return null;

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("deadLetterTargetArn", out var arn) || arn.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("maxReceiveCount", out var count))
            {
                return null;
            }

            // AWS returns the count as a number, CloudFormation and some emulators as a string.
            int? maxReceiveCount = count.ValueKind switch
            {
                JsonValueKind.Number when count.TryGetInt32(out var n) => n,
                JsonValueKind.String when int.TryParse(count.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
                _ => null,
            };
            return maxReceiveCount is > 0 && arn.GetString() is { Length: > 0 } target ? new RedrivePolicy(target, maxReceiveCount.Value) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The parts of an SQS queue ARN, <c>arn:aws:sqs:region:account:name</c>.</summary>
public sealed record QueueArn(string Partition, string Region, string AccountId, string Name)
{
    public static QueueArn? Parse(string? arn)
    {
        var parts = arn?.Split(':');
        return parts is ["arn", var partition, "sqs", var region, var account, var name] && name.Length > 0
            ? new QueueArn(partition, region, account, name)
            : null;
    }
}
