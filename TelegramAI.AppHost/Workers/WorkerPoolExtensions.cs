using Microsoft.Extensions.DependencyInjection;
using TelegramAI.AppHost.Services;
using TelegramAI.AppHost.Stack;

namespace TelegramAI.AppHost.Workers;

public static class WorkerPoolExtensions
{
    /// <summary>
    /// The worker group: <see cref="LocalRunOptions.MaxWorkers"/> worker project resources under one parent,
    /// the first <see cref="LocalRunOptions.Workers"/> started with the AppHost and the rest declared with
    /// explicit start. <see cref="LocalAutoScaler"/> then starts and stops them as target tracking on the
    /// MetricSender's <c>BacklogPerInstance</c> asks, the way the production policy sizes the group.
    /// </summary>
    public static IResourceBuilder<WorkerPoolResource> AddWorkerPool(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name,
        IResourceBuilder<ProductionStackResource> stack,
        LocalRunOptions local,
        Func<IResourceBuilder<ExecutableResource>, IResourceBuilder<ExecutableResource>> configureWorker)
    {
        var pool = builder.AddResource(new WorkerPoolResource(name, local.MinWorkers, local.MaxWorkers))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "AutoScalingGroup",
                State = KnownResourceStates.Waiting,
                Properties = [new("workers.min", local.MinWorkers), new("workers.max", local.MaxWorkers)],
            })
            .WithIconName("PeopleQueue")
            .ExcludeFromManifest();

        for (var number = 1; number <= local.MaxWorkers; number++)
        {
            var worker = builder.AddService<Projects.TelegramAI_Worker>($"worker-{number}").WithParentRelationship(pool);
            if (number > local.Workers)
            {
                worker.WithExplicitStart();
            }

            pool.Resource.Workers.Add(configureWorker(worker).Resource);
        }

        builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<LocalAutoScaler>(services, pool.Resource, stack.Resource, local));
        return pool;
    }
}
