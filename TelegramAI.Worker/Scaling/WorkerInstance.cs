using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TelegramAI.Contracts.Configuration;

namespace TelegramAI.Worker.Scaling;

/// <summary>This worker's place in its Auto Scaling group: the group's name and the instance's own id.</summary>
public sealed record GroupMember(string GroupName, string InstanceId);

/// <summary>
/// Finds out once, at start, whether the worker runs in an Auto Scaling group: the template sets
/// <c>AutoScaling__GroupName</c> in each worker's environment and the instance metadata service gives the instance's
/// id. Without the setting the worker is not in a group and everything group-related stays off.
/// </summary>
public sealed class WorkerInstance(IOptions<AutoScalingOptions> options, InstanceMetadata metadata, ILogger<WorkerInstance> logger)
{
    private readonly Lazy<Task<GroupMember?>> _member = new(() => FindAsync(options.Value, metadata, logger));

    /// <summary>Null when the worker is not in a group, or before <see cref="ResolveAsync"/> has completed.</summary>
    public GroupMember? Member => _member.IsValueCreated && _member.Value.IsCompletedSuccessfully ? _member.Value.Result : null;

    /// <summary>Finds the group and the instance id once; every later call gets the same answer.</summary>
    /// <exception cref="ConfigurationException">The group is set but the instance metadata service gives no instance id.</exception>
    public Task<GroupMember?> ResolveAsync() => _member.Value;

    /// <summary>
    /// The membership for the group's background services: null when not in a group, and null too when finding it
    /// failed, since that failure stops the worker through the job loop, which resolves it first.
    /// </summary>
    public async Task<GroupMember?> ResolvedOrNullAsync()
    {
        try
        {
            return await ResolveAsync();
        }
        catch (Exception)
        {
            return null;
        }
    }

    private static async Task<GroupMember?> FindAsync(AutoScalingOptions settings, InstanceMetadata metadata, ILogger logger)
    {
        if (!settings.InGroup)
        {
            logger.LogInformation("Not in an Auto Scaling group ({Key} unset): scale-in protection and instance health are left alone", "AutoScaling__GroupName");
            return null;
        }

        var instanceId = await metadata.InstanceIdAsync()
            ?? throw new ConfigurationException("AutoScaling__GroupName", "is set, but the instance metadata service gave no instance id; it is for EC2 instances of that group only.");
        logger.LogInformation("Instance {InstanceId} of Auto Scaling group {Group}", instanceId, settings.GroupName);
        return new GroupMember(settings.GroupName!, instanceId);
    }
}
