using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Configuration;
using TelegramAI.Aws.Emulator;
using TelegramAI.Aws.Runtime;
using TelegramAI.Aws.S3;
using TelegramAI.Aws.Sqs;
using TelegramAI.Contracts.Configuration;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Aws;

public sealed class AwsClientSettingsTests(MotoFixture moto)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void A_missing_region_stops_start_up_naming_AWS_REGION()
    {
        var error = Should.Throw<ConfigurationException>(() => AwsClientSettings.FromConfiguration(Config(("AWS_ACCESS_KEY_ID", "a"), ("AWS_SECRET_ACCESS_KEY", "b"))));

        error.Key.ShouldBe("AWS_REGION");
        error.Message.ShouldStartWith("AWS_REGION: ");
    }

    [Theory]
    [InlineData("US East")]
    [InlineData("us-east")]
    public void A_malformed_region_is_refused(string region) =>
        Should.Throw<ConfigurationException>(() => AwsClientSettings.FromConfiguration(Config(("AWS_REGION", region), ("AWS_ACCESS_KEY_ID", "a"), ("AWS_SECRET_ACCESS_KEY", "b"))))
            .Key.ShouldBe("AWS_REGION");

    [Fact]
    public void Half_a_key_pair_is_refused_and_the_secret_is_never_echoed()
    {
        var error = Should.Throw<ConfigurationException>(() => AwsClientSettings.FromConfiguration(Config(("AWS_REGION", "eu-west-1"), ("AWS_SECRET_ACCESS_KEY", "s3cr3t-value"))));

        error.Key.ShouldBe("AWS_ACCESS_KEY_ID");
        error.Message.ShouldNotContain("s3cr3t-value");
    }

    [Fact]
    public void An_endpoint_that_is_not_a_url_is_refused_naming_its_variable() =>
        Should.Throw<ConfigurationException>(() => AwsClientSettings.FromConfiguration(Config(("AWS_REGION", "eu-west-1"), ("AWS_ACCESS_KEY_ID", "a"), ("AWS_SECRET_ACCESS_KEY", "b"), ("AWS_ENDPOINT_URL_SQS", "localhost:4566"))))
            .Key.ShouldBe("AWS_ENDPOINT_URL_SQS");

    [Fact]
    public void Service_specific_endpoints_win_over_the_general_one_and_AWS_is_the_default()
    {
        var settings = AwsClientSettings.FromConfiguration(Config(
            ("AWS_REGION", "eu-west-1"), ("AWS_ACCESS_KEY_ID", "a"), ("AWS_SECRET_ACCESS_KEY", "b"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"), ("AWS_ENDPOINT_URL_AUTO_SCALING", "http://127.0.0.1:5000")));

        settings.EndpointFor(AwsService.AutoScaling).ShouldBe(new Uri("http://127.0.0.1:5000"));
        settings.EndpointFor(AwsService.Sqs).ShouldBe(new Uri("http://127.0.0.1:4566"));
        settings.HasEndpointOverride.ShouldBeTrue();

        var aws = AwsClientSettings.FromConfiguration(Config(("AWS_REGION", "eu-west-1"), ("AWS_ACCESS_KEY_ID", "a"), ("AWS_SECRET_ACCESS_KEY", "b")));
        aws.EndpointFor(AwsService.CloudWatch).ShouldBe(new Uri("https://monitoring.eu-west-1.amazonaws.com/"));
        aws.EndpointFor(AwsService.AutoScaling).ShouldBe(new Uri("https://autoscaling.eu-west-1.amazonaws.com/"));
    }

    [Fact]
    public async Task Credentials_the_emulator_does_not_know_stop_start_up_with_a_clear_line()
    {
        // This moto checks access keys against its IAM users, as AWS does.
        await using var strict = await MotoServer.StartAsync(requireAuthentication: true, cancellationToken: Ct);
        var settings = AwsClientSettings.FromConfiguration(Config(
            ("AWS_REGION", MotoServer.Region), ("AWS_ENDPOINT_URL", strict.Endpoint.ToString()),
            ("AWS_ACCESS_KEY_ID", "AKIAUNKNOWNKEY000000"), ("AWS_SECRET_ACCESS_KEY", "wrong-secret-value")));

        var error = await Should.ThrowAsync<ConfigurationException>(() =>
            QueueAddress.ResolveAsync(settings.CreateSqsClient(), "Queues__Jobs", "jobs", Ct));

        error.Key.ShouldBe("AWS_ACCESS_KEY_ID");
        error.Message.ShouldContain("InvalidClientTokenId");
        error.Message.ShouldNotContain("wrong-secret-value");
    }

    [Fact]
    public async Task A_configured_queue_that_does_not_exist_stops_start_up_naming_the_key_and_queue()
    {
        var missing = MotoFixture.UniqueName("absent");

        var error = await Should.ThrowAsync<ConfigurationException>(() => QueueAddress.ResolveAsync(moto.Sqs(), "Queues__Results", missing, Ct));

        error.Key.ShouldBe("Queues__Results");
        error.Message.ShouldContain(missing);
        error.Message.ShouldContain("NonExistentQueue");
    }

    [Fact]
    public async Task A_queue_is_resolved_from_its_name_or_kept_as_a_url()
    {
        var sqs = moto.Sqs();
        var name = MotoFixture.UniqueName("named");
        var url = (await sqs.CreateQueueAsync(new CreateQueueRequest() { QueueName = name }, Ct)).QueueUrl;

        (await QueueAddress.ResolveAsync(sqs, "Queues__Jobs", name, Ct)).ShouldBe(url);
        (await QueueAddress.ResolveAsync(sqs, "Queues__Jobs", url, Ct)).ShouldBe(url);
    }

    [Fact]
    public async Task S3_through_the_official_client_stores_and_presigns_objects_on_the_emulator()
    {
        using var s3 = (AmazonS3Client)moto.Settings().CreateS3Client();
        var bucket = MotoFixture.UniqueName("videos");
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, Ct);
        var bytes = System.Text.Encoding.UTF8.GetBytes("not really a video");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "videos/a.mp4", InputStream = new MemoryStream(bytes), ContentType = "video/mp4" }, Ct);

        var url = await s3.PresignGetAsync(bucket, "videos/a.mp4", TimeSpan.FromHours(1));

        url.ShouldStartWith(moto.Server.Endpoint + bucket + "/videos/a.mp4");
        var expires = int.Parse(System.Web.HttpUtility.ParseQueryString(new Uri(url).Query)["X-Amz-Expires"]!, System.Globalization.CultureInfo.InvariantCulture);
        expires.ShouldBeInRange(3590, 3610);
        (await moto.Http.GetByteArrayAsync(url, Ct)).ShouldBe(bytes);
    }
}
