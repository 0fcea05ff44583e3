using Microsoft.Extensions.Configuration;
using TelegramAI.Aws.Runtime;

namespace TelegramAI.AppHost.Aws;

/// <summary>
/// The AWS of the local run: the resource to wait for (moto, or the external endpoint that
/// <c>AWS_ENDPOINT_URL</c> names) and the standard AWS variables that point a service or client at it.
/// </summary>
/// <param name="Credentials">moto's fixed keys, or null to leave credentials to the SDK's chain.</param>
public sealed record AwsEmulator(IResourceBuilder<IResource> Resource, ReferenceExpression EndpointUrl, string Region, (string AccessKey, string SecretKey)? Credentials)
{
    /// <summary>Sets <c>AWS_ENDPOINT_URL</c>, <c>AWS_REGION</c> and, for moto, its keys.</summary>
    public void AddEnvironment(EnvironmentCallbackContext context)
    {
        context.EnvironmentVariables["AWS_ENDPOINT_URL"] = EndpointUrl;
        context.EnvironmentVariables["AWS_REGION"] = Region;
        if (Credentials is var (accessKey, secretKey))
        {
            context.EnvironmentVariables["AWS_ACCESS_KEY_ID"] = accessKey;
            context.EnvironmentVariables["AWS_SECRET_ACCESS_KEY"] = secretKey;
        }
    }

    /// <summary>Settings for the AppHost's own clients (deploying the stack, the autoscaler); call once the resource runs.</summary>
    public async Task<AwsClientSettings> ClientSettingsAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL"] = await EndpointUrl.GetValueAsync(cancellationToken),
            ["AWS_REGION"] = Region,
        };
        if (Credentials is var (accessKey, secretKey))
        {
            values["AWS_ACCESS_KEY_ID"] = accessKey;
            values["AWS_SECRET_ACCESS_KEY"] = secretKey;
        }

        return AwsClientSettings.FromConfiguration(new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(values).Build());
    }
}
