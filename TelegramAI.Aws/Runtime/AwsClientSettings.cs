using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Amazon.SQS;
using Microsoft.Extensions.Configuration;
using TelegramAI.Contracts.Configuration;
using AWSOptions = Amazon.Extensions.NETCore.Setup.AWSOptions;

namespace TelegramAI.Aws.Runtime;

/// <summary>
/// Region, endpoints, credentials and retry settings shared by every AWS client, read from the
/// standard variables (<c>AWS_REGION</c>, <c>AWS_ENDPOINT_URL</c>, <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>)
/// so the same binary talks to AWS or to a local emulator. They are read from configuration rather
/// than left to the SDK, which reads only the process environment: a missing or wrong value stops the
/// service with the key that is wrong, and test hosts can pass them in memory.
/// </summary>
public sealed class AwsClientSettings
{
    private readonly IReadOnlyDictionary<string, Uri> _endpoints;

    public AwsClientSettings(string region, AWSCredentials credentials, IReadOnlyDictionary<string, Uri>? endpoints = null)
    {
        Region = region;
        Credentials = credentials;
        _endpoints = endpoints ?? new Dictionary<string, Uri>();
    }

    public string Region { get; }

    /// <summary>The SDK's credentials: environment, shared profile or EC2 instance role (IMDSv2), refreshed by the SDK.</summary>
    public AWSCredentials Credentials { get; }

    /// <summary>Attempts after the first for throttling, 5xx and network errors.</summary>
    public int MaxErrorRetry { get; init; } = 4;

    /// <summary>
    /// Base of the exponential backoff of our own query-protocol clients (the SDK's clients use the
    /// SDK's standard retry mode); each wait is a random share of base x 2^attempt (full jitter).
    /// </summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>True when an endpoint override is set, which means an emulator: S3 then uses path-style addressing.</summary>
    public bool HasEndpointOverride => _endpoints.Count > 0;

    public Uri EndpointFor(AwsService service) =>
        _endpoints.TryGetValue(service.EndpointVariable, out var specific) ? specific
        : _endpoints.TryGetValue("AWS_ENDPOINT_URL", out var general) ? general
        : new Uri($"https://{service.EndpointPrefix}.{Region}.amazonaws.com/");

    /// <summary>The options <c>AddAWSService</c> builds the SDK's clients from: region and credentials.</summary>
    public AWSOptions ToAwsOptions() => new() { Region = RegionEndpoint.GetBySystemName(Region), Credentials = Credentials };

    /// <summary>
    /// Applies the endpoint and retry settings to an SDK client's configuration. An endpoint override
    /// (an emulator) is signed for <see cref="Region"/>; S3 then uses path-style addressing, since
    /// emulators serve every bucket on one host.
    /// </summary>
    public TConfig Configure<TConfig>(TConfig config, AwsService service)
        where TConfig : ClientConfig
    {
        ArgumentNullException.ThrowIfNull(config);
        config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
        config.MaxErrorRetry = MaxErrorRetry;
        if (HasEndpointOverride)
        {
            config.ServiceURL = EndpointFor(service).ToString();
            config.AuthenticationRegion = Region;
        }

        if (config is AmazonS3Config s3)
        {
            // The SDK's default adds a CRC32 of every upload on top of SigV4, which already signs the
            // payload (plain http) or rides on TLS (https); for gigabyte videos it doubled upload time.
            s3.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            s3.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
            s3.ForcePathStyle = HasEndpointOverride;
        }

        return config;
    }

    /// <summary>An SQS client on these settings, for code outside a service's container (AppHost, tests, benchmarks).</summary>
    public IAmazonSQS CreateSqsClient() => new AmazonSQSClient(Credentials, Configure(new AmazonSQSConfig(), AwsService.Sqs));

    /// <summary>An EC2 client on these settings, for code outside a service's container.</summary>
    public IAmazonEC2 CreateEc2Client() => new AmazonEC2Client(Credentials, Configure(new AmazonEC2Config(), AwsService.Ec2));

    /// <summary>An S3 client on these settings, for code outside a service's container.</summary>
    public IAmazonS3 CreateS3Client() => new AmazonS3Client(Credentials, Configure(new AmazonS3Config(), AwsService.S3));

    /// <summary>
    /// Reads the settings from configuration (environment variables appear there under their own names).
    /// A missing region or an unusable endpoint or credential stops here with the key that is wrong.
    /// </summary>
    public static AwsClientSettings FromConfiguration(IConfiguration configuration)
    {
        var region = configuration["AWS_REGION"];
        if (string.IsNullOrWhiteSpace(region))
        {
            throw new ConfigurationException("AWS_REGION", "is not set; set it to the AWS region, for example us-east-1.");
        }

        if (!System.Text.RegularExpressions.Regex.IsMatch(region, "^[a-z]{2}(-[a-z]+)+-\\d$"))
        {
            throw new ConfigurationException("AWS_REGION", $"'{region}' is not a region name like us-east-1.");
        }

        var endpoints = new Dictionary<string, Uri>();
        foreach (var service in new[] { AwsService.Sqs, AwsService.CloudWatch, AwsService.AutoScaling, AwsService.CloudFormation, AwsService.S3, AwsService.Ec2 })
        {
            AddEndpoint(configuration, service.EndpointVariable, endpoints);
        }

        AddEndpoint(configuration, "AWS_ENDPOINT_URL", endpoints);
        return new AwsClientSettings(region, ResolveCredentials(configuration), endpoints);
    }

    private static void AddEndpoint(IConfiguration configuration, string key, Dictionary<string, Uri> endpoints)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            // The value is not repeated: a malformed URL may still carry credentials.
            throw new ConfigurationException(key, "is not an absolute http(s) URL.");
        }

        endpoints[key] = uri;
    }

    private static AWSCredentials ResolveCredentials(IConfiguration configuration)
    {
        var accessKey = configuration["AWS_ACCESS_KEY_ID"];
        var secretKey = configuration["AWS_SECRET_ACCESS_KEY"];
        if (!string.IsNullOrEmpty(accessKey) || !string.IsNullOrEmpty(secretKey))
        {
            // Half a key pair is a mistake to report, not a reason to fall through to another source.
            if (string.IsNullOrEmpty(accessKey))
            {
                throw new ConfigurationException("AWS_ACCESS_KEY_ID", "is not set although AWS_SECRET_ACCESS_KEY is.");
            }

            if (string.IsNullOrEmpty(secretKey))
            {
                throw new ConfigurationException("AWS_SECRET_ACCESS_KEY", "is not set although AWS_ACCESS_KEY_ID is.");
            }

            var token = configuration["AWS_SESSION_TOKEN"];
            return string.IsNullOrEmpty(token) ? new BasicAWSCredentials(accessKey, secretKey) : new SessionAWSCredentials(accessKey, secretKey, token);
        }

        try
        {
            // The SDK's chain: shared profile (AWS_PROFILE), web identity, ECS, then EC2 instance role through IMDSv2.
            return DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }
        catch (AmazonClientException e)
        {
            throw new ConfigurationException("AWS_ACCESS_KEY_ID", "no AWS credentials found (environment, shared profile or instance role).", e);
        }
    }
}
