using TelegramAI.Aws.CloudFormation.Model;

namespace TelegramAI.Aws.CloudFormation;

/// <summary>Waiting for a stack, as the SDK's waiters do: CloudFormation reports progress only when asked.</summary>
public static class CloudFormationWaiters
{
    /// <summary>Creates the stack and returns it once it is complete; a failed or rolled-back stack throws with its reason.</summary>
    public static async Task<Stack> CreateStackAndWaitAsync(this ICloudFormationClient cloudFormation, CreateStackRequest request, TimeSpan limit, CancellationToken cancellationToken)
    {
        await cloudFormation.CreateStackAsync(request, cancellationToken);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            var stack = (await cloudFormation.DescribeStacksAsync(new DescribeStacksRequest { StackName = request.StackName }, deadline.Token)).Stacks.Single();
            if (stack.StackStatus == "CREATE_COMPLETE")
            {
                return stack;
            }

            if (stack.StackStatus.EndsWith("FAILED", StringComparison.Ordinal) || stack.StackStatus.Contains("ROLLBACK", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"stack {request.StackName} ended {stack.StackStatus}: {stack.StackStatusReason}");
            }

            // Polling is the API's only way to learn progress; bounded by the deadline above.
            await Task.Delay(delay, deadline.Token);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }
}
