using Microsoft.Extensions.Logging;
using TelegramAI.Aws.AutoScaling;
using TelegramAI.Aws.AutoScaling.Model;

namespace TelegramAI.Worker.Scaling;

/// <summary>
/// Keeps the group from choosing this instance for scale-in while it holds a job: protected when a job starts,
/// unprotected once the worker is idle (no job held and the queue offered none). Between jobs that follow each
/// other the protection stays on, so a busy worker makes no Auto Scaling call per job. Not in a group, it does
/// nothing. A failed call is logged and the job goes on: termination that comes anyway goes through the lifecycle
/// hook, where the job is released.
/// </summary>
public sealed class ScaleInProtection(WorkerInstance instance, IAutoScalingClient autoScaling, ILogger<ScaleInProtection> logger)
{
    private static readonly TimeSpan CallTimeLimit = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _changing = new(1, 1);
    private bool _protected;

    /// <summary>Whether the instance is protected now (always false outside a group).</summary>
    public bool IsProtected => _protected;

    /// <summary>Protects the instance before a job starts; at once when it is already protected.</summary>
    public Task ProtectAsync() => SetAsync(true);

    /// <summary>Lifts the protection: called when the worker holds no job and the queue had none for it.</summary>
    public Task UnprotectAsync() => SetAsync(false);

    private async Task SetAsync(bool protect)
    {
        if (instance.Member is not { } member || _protected == protect)
            return;

        await _changing.WaitAsync();
        try
        {
            if (_protected == protect)
                return;

            using var timeLimit = new CancellationTokenSource(CallTimeLimit);
            await autoScaling.SetInstanceProtectionAsync(new SetInstanceProtectionRequest
            {
                AutoScalingGroupName = member.GroupName,
                InstanceIds = [member.InstanceId],
                ProtectedFromScaleIn = protect,
            }, timeLimit.Token);
            _protected = protect;
            logger.LogInformation(protect ? "Protected from scale-in while working" : "Idle: scale-in protection lifted");
        }
        catch (Exception e)
        {
            // An instance the group is already terminating cannot be protected (ValidationError); its hook releases the job.
            logger.LogWarning(e, "Could not {Change} scale-in protection", protect ? "set" : "lift");
        }
        finally
        {
            _changing.Release();
        }
    }
}
