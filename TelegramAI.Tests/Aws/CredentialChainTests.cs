using Amazon.Runtime;
using TelegramAI.Aws.CloudFormation;
using TelegramAI.Aws.CloudWatch;
using TelegramAI.Aws.CloudWatch.Model;
using TelegramAI.Aws.Emulator;
using TelegramAI.Contracts.Scaling;
using TelegramAI.MetricSender.Scheduling;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Aws;

/// <summary>
/// The credential chain the README promises (an access key pair, a shared profile, the EC2 instance role
/// through IMDSv2), run as an operator runs a service: the MetricSender's <c>--once</c> in a process of its
/// own, against a moto that checks every signature. It signs SQS through the SDK's client and Auto Scaling
/// and CloudWatch through ours, so both must use the credentials the chain found.
/// </summary>
public sealed class CredentialChainTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly TempFolder _folder = new();
    private readonly string _namespace = MotoFixture.UniqueName("chain");
    private StrictMoto _moto = null!;
    private string _queue = "";
    private string _group = "";

    public async ValueTask InitializeAsync()
    {
        _moto = await StrictMoto.StartAsync(Ct);
        var outputs = await LocalStacks.DeployAsync(
            new CloudFormationClient(_http, _moto.Settings(_moto.User)), MotoFixture.UniqueName("chain"), LocalStacks.WorkerGroupTemplate(desiredCapacity: 2), Ct);
        (_queue, _group) = (outputs["JobsQueueUrl"], outputs["WorkerGroupName"]);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _folder.Dispose();
        await _moto.DisposeAsync();
    }

    [Fact]
    public async Task An_access_key_pair_in_the_environment_signs_every_call()
    {
        var keys = _moto.User.GetCredentials();

        var (exitCode, stdout, stderr) = await RunOnceAsync(("AWS_ACCESS_KEY_ID", keys.AccessKey), ("AWS_SECRET_ACCESS_KEY", keys.SecretKey));

        exitCode.ShouldBe(0, stdout + stderr);
        (await PublishedCapacityAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task A_shared_profile_named_by_AWS_PROFILE_signs_every_call_and_a_wrong_secret_in_it_is_refused()
    {
        var keys = _moto.User.GetCredentials();
        var credentials = Path.Combine(_folder.FullPath, "credentials");
        await File.WriteAllTextAsync(credentials, $"""
            [telegramai]
            aws_access_key_id = {keys.AccessKey}
            aws_secret_access_key = {keys.SecretKey}

            [wrong]
            aws_access_key_id = {keys.AccessKey}
            aws_secret_access_key = not-the-secret-of-this-key-000000000000
            """, Ct);

        var good = await RunOnceAsync(("AWS_SHARED_CREDENTIALS_FILE", credentials), ("AWS_PROFILE", "telegramai"));
        var wrong = await RunOnceAsync(("AWS_SHARED_CREDENTIALS_FILE", credentials), ("AWS_PROFILE", "wrong"));

        good.ExitCode.ShouldBe(0, good.Stdout + good.Stderr);
        (await PublishedCapacityAsync()).ShouldBe(2);
        wrong.ExitCode.ShouldNotBe(0);
        (wrong.Stdout + wrong.Stderr).ShouldContain("SignatureDoesNotMatch");
        (wrong.Stdout + wrong.Stderr).ShouldNotContain("not-the-secret");
    }

    [Fact]
    public async Task Without_keys_or_profile_the_instance_role_is_read_from_the_metadata_service()
    {
        await using var imds = await InstanceMetadataStandIn.StartAsync(await _moto.AssumeRoleAsync(Ct));

        // The SDK gives the metadata service one second by default, which a loaded test machine may miss.
        var (exitCode, stdout, stderr) = await RunOnceAsync(
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.Endpoint.ToString().TrimEnd('/')), ("AWS_METADATA_SERVICE_TIMEOUT", "10"), ("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "3"));

        exitCode.ShouldBe(0, $"{stdout}{stderr} (metadata requests: {string.Join(", ", imds.Requests)})");
        imds.CredentialReads.ShouldBeGreaterThan(0);
        (await PublishedCapacityAsync()).ShouldBe(2);
    }

    /// <summary>Runs one period with no credentials but <paramref name="credentials"/>: no key pair, no profile files, no IMDS unless given.</summary>
    private Task<(int ExitCode, string Stdout, string Stderr)> RunOnceAsync(params (string Key, string Value)[] credentials)
    {
        var nowhere = Path.Combine(_folder.FullPath, "absent");
        (string, string)[] environment =
        [
            ("AWS_REGION", MotoServer.Region), ("AWS_ENDPOINT_URL", _moto.Server.Endpoint.ToString()),
            ("AWS_ACCESS_KEY_ID", ""), ("AWS_SECRET_ACCESS_KEY", ""), ("AWS_SESSION_TOKEN", ""), ("AWS_PROFILE", ""),
            ("AWS_CONFIG_FILE", nowhere), ("AWS_SHARED_CREDENTIALS_FILE", nowhere),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9/"),
            ("Scaling__Namespace", _namespace), ("Scaling__Targets__0__Queue", _queue), ("Scaling__Targets__0__AutoScalingGroup", _group),
        ];
        return MetricSenderProcess.RunAsync([OnceCommand.Switch], environment.Concat(credentials));
    }

    private async Task<double?> PublishedCapacityAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var stats = await new CloudWatchClient(_http, _moto.Settings(_moto.User)).GetMetricStatisticsAsync(new GetMetricStatisticsRequest
        {
            Namespace = _namespace,
            MetricName = ScalingMetric.CapacityMetricName,
            Dimensions = [new Dimension { Name = ScalingMetric.DimensionName, Value = _group }],
            StartTimeUtc = now.AddMinutes(-10),
            EndTimeUtc = now.AddMinutes(5),
            Period = 900,
            Statistics = ["Maximum"],
        }, Ct);
        return stats.Datapoints.SingleOrDefault()?.Maximum;
    }
}
