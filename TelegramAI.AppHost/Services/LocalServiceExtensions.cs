using TelegramAI.AppHost.Stack;
using TelegramAI.Deployment;
using TelegramAI.ServiceDefaults.Configuration;

namespace TelegramAI.AppHost.Services;

/// <summary>What every service of the local run gets, whatever it is.</summary>
public static class LocalServiceExtensions
{
    /// <summary>
    /// Its <c>/health</c> and <c>/alive</c> on a 127.0.0.1 port that DCP picks (no proxy in between), the
    /// dashboard's health check on <c>/health</c>, and console logs in short lines.
    /// </summary>
    public static IResourceBuilder<ExecutableResource> WithLocalServiceDefaults(this IResourceBuilder<ExecutableResource> service) => service
        .WithLoopbackHttpEndpoint()
        .WithHttpHealthCheck("/health")
        .WithEnvironment("Logging__Console__FormatterName", "simple")
        // Aspire turns off the redaction of URL query strings in HTTP spans; production keeps it on, and so
        // does the local run, so a presigned link's signature stays out of the traces here too.
        .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_HTTPCLIENT_DISABLE_URL_QUERY_REDACTION", "false")
        .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION", "false");

    /// <summary>An "http" endpoint on a 127.0.0.1 port that DCP picks, given to the service as <c>ASPNETCORE_URLS</c>.</summary>
    public static IResourceBuilder<ExecutableResource> WithLoopbackHttpEndpoint(this IResourceBuilder<ExecutableResource> service)
    {
        service.WithHttpEndpoint(isProxied: false).WithEndpoint("http", endpoint => endpoint.TargetHost = "127.0.0.1");
        var http = service.GetEndpoint("http");
        return service.WithEnvironment("ASPNETCORE_URLS", ReferenceExpression.Create($"http://127.0.0.1:{http.Property(EndpointProperty.TargetPort)}"));
    }

    /// <summary>The standard AWS variables of the stack's AWS, and the keys <paramref name="set"/> takes from its outputs.</summary>
    internal static IResourceBuilder<ExecutableResource> WithStackOutputs(
        this IResourceBuilder<ExecutableResource> service, IResourceBuilder<ProductionStackResource> stack, Action<StackOutputs, Settings> set) => service
        .WithEnvironment(async context =>
        {
            stack.Resource.Aws.AddEnvironment(context);
            set(await stack.Resource.Outputs.WaitAsync(context.CancellationToken), new Settings(context.EnvironmentVariables));
        })
        .WaitFor(stack);

    /// <summary>A service's environment, written by key: <c>settings[QueuesOptions.Section, nameof(QueuesOptions.Jobs)] = url</c>.</summary>
    internal readonly struct Settings(Dictionary<string, object> environment)
    {
        public object this[string section, string member]
        {
            set => environment[ConfigurationKey.ToEnvironmentVariable(section, member)] = value;
        }
    }
}
