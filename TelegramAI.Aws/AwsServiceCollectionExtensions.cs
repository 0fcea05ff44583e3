using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TelegramAI.Aws.AutoScaling;
using TelegramAI.Aws.CloudFormation;
using TelegramAI.Aws.CloudWatch;
using TelegramAI.Aws.Ec2;
using TelegramAI.Aws.Runtime;
using TelegramAI.Aws.S3;
using TelegramAI.Aws.Sqs;

namespace TelegramAI.Aws;

public static class AwsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AwsClientSettings"/> (read from the standard AWS variables) and every client
    /// TelegramAI uses. The clients retry on their own with AWS's rules, so their HttpClient gets no
    /// generic resilience handler on top.
    /// </summary>
    public static IServiceCollection AddAwsClients(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => AwsClientSettings.FromConfiguration(configuration));
        services.AddHttpClient<ISqsClient, SqsClient>();
        services.AddHttpClient<ICloudWatchClient, CloudWatchClient>();
        services.AddHttpClient<IAutoScalingClient, AutoScalingClient>();
        services.AddHttpClient<ICloudFormationClient, CloudFormationClient>();
        services.AddHttpClient<IEc2Client, Ec2Client>();
        services.AddSingleton<IAmazonS3>(sp => S3ClientFactory.Create(sp.GetRequiredService<AwsClientSettings>()));
        return services;
    }
}
