using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TelegramAI.Worker.Scaling;

public static class AutoScalingMembershipExtensions
{
    /// <summary>
    /// What the worker does as a member of its Auto Scaling group (keys <c>AutoScaling__*</c>): scale-in protection
    /// while it works, the termination watch that releases its jobs and completes the lifecycle hook, the job-loop
    /// health check and the report of a hung instance. Outside a group all of it stays idle.
    /// </summary>
    public static IHostApplicationBuilder AddAutoScalingMembership(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<AutoScalingOptions>(AutoScalingOptions.Section);
        builder.Services.AddSingleton<InstanceMetadata>();
        builder.Services.AddSingleton<WorkerInstance>();
        builder.Services.AddSingleton<ScaleInProtection>();
        builder.Services.AddSingleton<InstanceTermination>();
        builder.Services.AddSingleton<JobLoopActivity>();
        builder.Services.AddHealthChecks().AddCheck<JobLoopHealthCheck>(JobLoopHealthCheck.Name);
        builder.Services.AddHostedService<TerminationWatch>();
        builder.Services.AddHostedService<UnhealthyReporter>();
        return builder;
    }
}
