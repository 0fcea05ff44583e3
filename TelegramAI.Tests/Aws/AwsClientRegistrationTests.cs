using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.S3;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TelegramAI.Aws;
using TelegramAI.Aws.AutoScaling;
using TelegramAI.Aws.AutoScaling.Model;
using TelegramAI.Aws.CloudWatch;
using TelegramAI.Aws.CloudWatch.Model;
using TelegramAI.Aws.Emulator;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Aws;

/// <summary>
/// What <c>AddAwsClients</c> gives a service: the SDK's clients (AWSSDK.Extensions.NETCore.Setup) and ours,
/// each on the endpoint the README's variables name for it.
/// </summary>
public sealed class AwsClientRegistrationTests(MotoFixture moto)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Service_specific_endpoints_reach_each_client_and_the_others_use_AWS_ENDPOINT_URL()
    {
        var closed = $"http://127.0.0.1:{LoopbackPort.Free()}";
        var motoUrl = moto.Server.Endpoint.ToString();
        using var services = Services(
            ("AWS_ENDPOINT_URL", closed),
            ("AWS_ENDPOINT_URL_SQS", motoUrl), ("AWS_ENDPOINT_URL_S3", motoUrl), ("AWS_ENDPOINT_URL_EC2", motoUrl), ("AWS_ENDPOINT_URL_CLOUDWATCH", motoUrl));

        var queue = MotoFixture.UniqueName("registered");
        (await services.GetRequiredService<IAmazonSQS>().CreateQueueAsync(queue, Ct)).HttpStatusCode.ShouldBe(HttpStatusCode.OK);
        (await services.GetRequiredService<IAmazonS3>().ListBucketsAsync(Ct)).HttpStatusCode.ShouldBe(HttpStatusCode.OK);
        (await services.GetRequiredService<IAmazonEC2>().DescribeSubnetsAsync(new DescribeSubnetsRequest(), Ct)).Subnets.ShouldNotBeEmpty();
        (await services.GetRequiredService<ICloudWatchClient>().PutMetricDataAsync(
            new PutMetricDataRequest { Namespace = MotoFixture.UniqueName("registered"), MetricData = [new MetricDatum { MetricName = "M", Value = 1 }] }, Ct)).Calls.ShouldBe(1);

        // Auto Scaling has no variable of its own here: it goes to AWS_ENDPOINT_URL, where nobody listens.
        var error = await Should.ThrowAsync<HttpRequestException>(() =>
            services.GetRequiredService<IAutoScalingClient>().DescribeAutoScalingGroupsAsync(new DescribeAutoScalingGroupsRequest(), Ct));
        error.HttpRequestError.ShouldBe(HttpRequestError.ConnectionError);
    }

    [Fact]
    public void The_SDK_clients_sign_for_the_configured_region_and_S3_uses_path_style_on_an_emulator()
    {
        using var services = Services(("AWS_ENDPOINT_URL", moto.Server.Endpoint.ToString()));

        var sqs = (AmazonSQSConfig)((AmazonSQSClient)services.GetRequiredService<IAmazonSQS>()).Config;
        var s3 = (AmazonS3Config)((AmazonS3Client)services.GetRequiredService<IAmazonS3>()).Config;

        sqs.ServiceURL.ShouldBe(moto.Server.Endpoint.ToString());
        sqs.AuthenticationRegion.ShouldBe(MotoServer.Region);
        s3.ForcePathStyle.ShouldBeTrue();
        s3.RequestChecksumCalculation.ShouldBe(Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED);
    }

    [Fact]
    public void Without_an_endpoint_the_SDK_clients_go_to_AWS_in_the_configured_region()
    {
        using var services = Services();

        var sqs = ((AmazonSQSClient)services.GetRequiredService<IAmazonSQS>()).Config;
        var s3 = (AmazonS3Config)((AmazonS3Client)services.GetRequiredService<IAmazonS3>()).Config;

        sqs.ServiceURL.ShouldBeNull();
        sqs.RegionEndpoint.ShouldBe(Amazon.RegionEndpoint.EUWest1);
        s3.ForcePathStyle.ShouldBeFalse();
    }

    private static ServiceProvider Services(params (string Key, string Value)[] endpoints)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            new (string Key, string Value)[] { ("AWS_REGION", endpoints.Length == 0 ? "eu-west-1" : MotoServer.Region), ("AWS_ACCESS_KEY_ID", MotoServer.AccessKey), ("AWS_SECRET_ACCESS_KEY", MotoServer.SecretKey) }
                .Concat(endpoints)
                .Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value))).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAwsClients(configuration);
        return services.BuildServiceProvider();
    }
}
