using Amazon.EC2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TelegramAI.Aws.AutoScaling;
using TelegramAI.Aws.CloudFormation;
using TelegramAI.Aws.CloudWatch;
using TelegramAI.Aws.Runtime;

namespace TelegramAI.Aws;

public static class AwsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AwsClientSettings"/> (read from the standard AWS variables when first
    /// resolved, so a wrong one stops the service with its key), the SDK's clients for SQS, S3 and EC2
    /// (AWSSDK.Extensions.NETCore.Setup), and our own CloudWatch, Auto Scaling and CloudFormation
    /// clients. Every client retries throttling, 5xx and network errors itself, so their HttpClients
    /// get no generic resilience handler on top.
    /// </summary>
    public static IServiceCollection AddAwsClients(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => AwsClientSettings.FromConfiguration(configuration));
        services.AddDefaultAWSOptions(provider => provider.GetRequiredService<AwsClientSettings>().ToAwsOptions());
        services.AddAWSService<IAmazonSQS>(Configure(AwsService.Sqs));
        services.AddAWSService<IAmazonS3>(Configure(AwsService.S3));
        services.AddAWSService<IAmazonEC2>(Configure(AwsService.Ec2));

        services.AddHttpClient<ICloudWatchClient, CloudWatchClient>();
        services.AddHttpClient<IAutoScalingClient, AutoScalingClient>();
        services.AddHttpClient<ICloudFormationClient, CloudFormationClient>();
        return services;
    }

    private static Action<ClientConfig, IServiceProvider> Configure(AwsService service) =>
        (config, provider) => provider.GetRequiredService<AwsClientSettings>().Configure(config, service);
}
