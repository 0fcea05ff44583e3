using System.Net;
using Amazon.Runtime;
using TelegramAI.Aws.AutoScaling;
using TelegramAI.Aws.AutoScaling.Model;
using TelegramAI.Aws.CloudFormation;
using TelegramAI.Aws.CloudFormation.Model;
using TelegramAI.Aws.CloudWatch;
using TelegramAI.Aws.CloudWatch.Model;
using TelegramAI.Aws.Runtime;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Aws;

/// <summary>
/// Our CloudWatch, Auto Scaling and CloudFormation clients sign with AWSSDK.Core's <c>AWS4Signer</c>,
/// which lives in the SDK's Internal namespace and may change without notice: these tests pin what we
/// rely on against a moto that checks every signature, as AWS does.
/// </summary>
public sealed class AwsSignerTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private StrictMoto _moto = null!;

    public async ValueTask InitializeAsync() => _moto = await StrictMoto.StartAsync(Ct);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _moto.DisposeAsync();
    }

    [Fact]
    public async Task A_request_signed_with_the_users_keys_is_accepted_by_each_of_our_clients()
    {
        var settings = _moto.Settings(_moto.User);
        var metric = new MetricDatum { MetricName = "Signed", Value = 1, Dimensions = [new Dimension { Name = "Test", Value = "signer" }] };

        var put = await new CloudWatchClient(_http, settings).PutMetricDataAsync(new PutMetricDataRequest { Namespace = "TelegramAI/Signer", MetricData = [metric] }, Ct);
        var groups = await new AutoScalingClient(_http, settings).DescribeAutoScalingGroupsAsync(new DescribeAutoScalingGroupsRequest(), Ct);
        var stacks = await new CloudFormationClient(_http, settings).DescribeStacksAsync(new DescribeStacksRequest(), Ct);

        put.Calls.ShouldBe(1);
        groups.AutoScalingGroups.ShouldBeEmpty();
        stacks.Stacks.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_instance_calls_a_worker_makes_on_its_own_instance_are_signed_and_accepted()
    {
        var settings = _moto.Settings(_moto.User);
        var stacks = new CloudFormationClient(_http, settings);
        var outputs = await LocalStacks.DeployAsync(stacks, "signer-workers", LocalStacks.WorkerGroupTemplate(desiredCapacity: 1), Ct);
        var autoScaling = new AutoScalingClient(_http, settings);
        var group = outputs["WorkerGroupName"];
        var instance = (await autoScaling.DescribeAutoScalingGroupsAsync(new DescribeAutoScalingGroupsRequest { AutoScalingGroupNames = [group] }, Ct))
            .AutoScalingGroups.Single().Instances.Single().InstanceId;

        await autoScaling.SetInstanceProtectionAsync(new SetInstanceProtectionRequest { AutoScalingGroupName = group, InstanceIds = [instance], ProtectedFromScaleIn = true }, Ct);
        await autoScaling.SetInstanceHealthAsync(new SetInstanceHealthRequest { InstanceId = instance, HealthStatus = HealthStatus.Unhealthy, ShouldRespectGracePeriod = false }, Ct);

        var described = (await autoScaling.DescribeAutoScalingInstancesAsync(new DescribeAutoScalingInstancesRequest { InstanceIds = [instance] }, Ct))
            .AutoScalingInstances.ShouldHaveSingleItem();
        (described.AutoScalingGroupName, described.ProtectedFromScaleIn).ShouldBe((group, true));
        described.HealthStatus.ShouldBe(HealthStatus.Unhealthy, StringCompareShould.IgnoreCase);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_with_403_SignatureDoesNotMatch()
    {
        var wrong = new BasicAWSCredentials(_moto.User.GetCredentials().AccessKey, "not-the-secret-of-this-access-key-0000000");

        var error = await Should.ThrowAsync<AwsServiceException>(() =>
            new CloudWatchClient(_http, _moto.Settings(wrong)).GetMetricStatisticsAsync(new GetMetricStatisticsRequest
            {
                Namespace = "TelegramAI/Signer",
                MetricName = "Signed",
                StartTimeUtc = DateTimeOffset.UtcNow.AddMinutes(-5),
                EndTimeUtc = DateTimeOffset.UtcNow,
            }, Ct));

        error.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        error.ErrorCode.ShouldBe("SignatureDoesNotMatch");
        error.Message.ShouldNotContain("not-the-secret");
    }

    [Fact]
    public async Task An_access_key_moto_does_not_know_is_refused_with_403_InvalidClientTokenId()
    {
        var unknown = new BasicAWSCredentials("AKIAUNKNOWNKEY000000", "wrong-secret-value");

        var error = await Should.ThrowAsync<AwsServiceException>(() =>
            new AutoScalingClient(_http, _moto.Settings(unknown)).DescribeAutoScalingGroupsAsync(new DescribeAutoScalingGroupsRequest(), Ct));

        error.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        error.ErrorCode.ShouldBe("InvalidClientTokenId");
    }

    [Fact]
    public async Task Temporary_credentials_carry_their_session_token_and_are_accepted()
    {
        var role = await _moto.AssumeRoleAsync(Ct);
        var session = new SessionAWSCredentials(role.AccessKey, role.SecretKey, role.Token);

        var stacks = await new CloudFormationClient(_http, _moto.Settings(session)).DescribeStacksAsync(new DescribeStacksRequest(), Ct);
        stacks.Stacks.ShouldBeEmpty();

        // Without the token the same key pair is not enough: the token was sent (and signed).
        var withoutToken = new BasicAWSCredentials(role.AccessKey, role.SecretKey);
        var error = await Should.ThrowAsync<AwsServiceException>(() =>
            new CloudFormationClient(_http, _moto.Settings(withoutToken)).DescribeStacksAsync(new DescribeStacksRequest(), Ct));
        error.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
