using System.Globalization;
using TelegramAI.Aws.AutoScaling;
using TelegramAI.Aws.AutoScaling.Model;
using TelegramAI.Aws.CloudFormation;
using TelegramAI.Aws.Emulator;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Worker;

/// <summary>
/// The real worker as a member of an Auto Scaling group in moto: it protects its instance from scale-in while it holds
/// a job and lifts the protection once idle; when the group terminates it (its target lifecycle state turns
/// Terminated) it releases its job at once and completes the lifecycle action; when it hangs it reports its instance
/// Unhealthy. The instance metadata service is a stand-in on loopback that plays one of the group's instances.
/// </summary>
public sealed class WorkerGroupTests(MotoFixture moto, TestVideo video) : IAsyncLifetime
{
    // Resolving reads under 10 KB of the video; only the download gets this far and is held there.
    private const long HeldAfterBytes = 30_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly List<IAsyncDisposable> _owned = [];
    private AutoScalingClient _autoScaling = null!;
    private string _group = "";
    private List<string> _instances = [];

    public async ValueTask InitializeAsync()
    {
        _autoScaling = new AutoScalingClient(moto.Http, moto.Settings());
        var outputs = await LocalStacks.DeployAsync(
            new CloudFormationClient(moto.Http, moto.Settings()), MotoFixture.UniqueName("workers"), LocalStacks.WorkerGroupTemplate(desiredCapacity: 2), Ct);
        _group = outputs["WorkerGroupName"];
        _instances = [.. (await DescribeGroupAsync()).Instances.Select(instance => instance.InstanceId).Order(StringComparer.Ordinal)];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
            await owned.DisposeAsync();
    }

    [Fact]
    public async Task A_busy_worker_is_not_scaled_in_and_once_idle_it_lifts_its_protection_and_can_be()
    {
        var (bed, imds, gate, url) = await StartAsync(_instances[0]);
        bed.StartWorker(InGroup(imds));

        var job = await bed.SendJobAsync(RequestKind.Url, url);
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        (await InstanceAsync(_instances[0])).ProtectedFromScaleIn.ShouldBeTrue();

        // Scale-in to nothing takes the idle instance and leaves the one whose worker holds a job.
        await SetDesiredCapacityAsync(0);
        (await DescribeGroupAsync()).Instances.Select(i => i.InstanceId).ShouldBe([_instances[0]]);

        gate.Release();
        (await bed.WaitForFinalResultAsync(job.JobId)).Body!.Kind.ShouldBe(JobResultKind.Succeeded);
        await Condition.WaitUntilAsync(async () => !(await InstanceAsync(_instances[0])).ProtectedFromScaleIn, "the idle worker lifting its protection");

        await SetDesiredCapacityAsync(0);
        (await DescribeGroupAsync()).Instances.ShouldBeEmpty();
    }

    [Fact]
    public async Task Outside_a_group_the_worker_leaves_protection_alone()
    {
        var (bed, imds, gate, url) = await StartAsync(_instances[0]);
        var worker = bed.StartWorker(new Dictionary<string, string> { ["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = imds.Endpoint.ToString().TrimEnd('/') });

        var job = await bed.SendJobAsync(RequestKind.Url, url);
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        (await InstanceAsync(_instances[0])).ProtectedFromScaleIn.ShouldBeFalse();
        gate.Release();

        (await bed.WaitForFinalResultAsync(job.JobId)).Body!.Kind.ShouldBe(JobResultKind.Succeeded);
        worker.CountOutput("Not in an Auto Scaling group").ShouldBe(1);
        imds.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_terminating_worker_releases_its_job_at_once_and_completes_the_lifecycle_action()
    {
        // A long visibility timeout: only the worker's release can make the job visible again within the test.
        var (bed, imds, gate, url) = await StartAsync(_instances[0], visibilitySeconds: 60);
        await using var lifecycle = await LifecycleActionStandIn.StartAsync(moto.Server.Endpoint);
        var worker = bed.StartWorker(InGroup(imds, ("AWS_ENDPOINT_URL_AUTO_SCALING", lifecycle.Endpoint.ToString().TrimEnd('/'))));

        var job = await bed.SendJobAsync(RequestKind.Url, url);
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        await bed.WaitForResultAsync(r => r.JobId == job.JobId && r.Kind == JobResultKind.Progress);

        // The group terminates the instance: it waits in Terminating:Wait, and the metadata service says so.
        imds.TargetLifecycleState = "Terminated";

        var released = (await bed.Jobs.ReceiveAsync(1, TimeSpan.FromSeconds(20), Ct)).ShouldHaveSingleItem();
        released.Body!.JobId.ShouldBe(job.JobId);
        released.ReceiveCount.ShouldBe(2);
        await Condition.WaitUntilAsync(() => Task.FromResult(lifecycle.CallsOf("CompleteLifecycleAction").Any()), "the lifecycle action completed");
        var completed = lifecycle.CallsOf("CompleteLifecycleAction").ShouldHaveSingleItem();
        completed["AutoScalingGroupName"].ShouldBe(_group);
        completed["LifecycleHookName"].ShouldBe("release-jobs");
        completed["InstanceId"].ShouldBe(_instances[0]);
        completed["LifecycleActionResult"].ShouldBe("CONTINUE");

        // It takes no more jobs: the next one is left for another worker (here, the test).
        var second = await bed.SendJobAsync(RequestKind.Url, url);
        (await bed.Jobs.ReceiveAsync(1, TimeSpan.FromSeconds(20), Ct)).ShouldHaveSingleItem().Body!.JobId.ShouldBe(second.JobId);
        worker.AttemptsOf(second.JobId).ShouldBeEmpty();
        worker.HasExited.ShouldBeFalse();
        await bed.ReceiveResultsAsync(TimeSpan.Zero);
        bed.ResultsOf(job.JobId).ShouldAllBe(r => r.Body!.Kind == JobResultKind.Progress);
    }

    [Fact]
    public async Task A_hung_worker_turns_unhealthy_and_reports_its_instance_unhealthy_to_the_group()
    {
        var (bed, imds, _, url) = await StartAsync(_instances[1]);
        var port = LoopbackPort.Free();
        var worker = bed.StartWorker(InGroup(imds,
            ("ASPNETCORE_URLS", $"http://127.0.0.1:{port}"), ("Worker__HungJobAfter", "00:00:02"), ("AutoScaling__UnhealthyAfter", "00:00:02")));
        await worker.WaitForOutputAsync("Worker ready", TimeSpan.FromSeconds(60));
        (await HealthProbeAsync(port)).ExitCode.ShouldBe(0);

        // The download never finishes: the job runs on past Worker__HungJobAfter.
        await bed.SendJobAsync(RequestKind.Url, url);

        await Condition.WaitUntilAsync(
            async () => string.Equals((await InstanceAsync(_instances[1])).HealthStatus, HealthStatus.Unhealthy, StringComparison.OrdinalIgnoreCase),
            "the instance reported Unhealthy", TimeSpan.FromSeconds(60));
        var probe = await HealthProbeAsync(port);
        probe.ExitCode.ShouldBe(1);
        probe.Output.ShouldContain("Worker__HungJobAfter");
        (await InstanceAsync(_instances[0])).HealthStatus.ShouldBe(HealthStatus.Healthy, StringCompareShould.IgnoreCase);
    }

    private async Task<(WorkerTestBed Bed, InstanceMetadataStandIn Imds, ResponseGate Gate, string Url)> StartAsync(string instanceId, int visibilitySeconds = 6)
    {
        var bed = await WorkerTestBed.CreateAsync(moto, visibilitySeconds);
        _owned.Add(bed);
        var imds = await InstanceMetadataStandIn.StartAsync(instanceId);
        _owned.Add(imds);
        var server = await LoopbackVideoServer.StartAsync(Ct);
        _owned.Add(server);
        var gate = new ResponseGate(HeldAfterBytes, ResponseGate.DownloadsOnly);
        server.Serve("/video.mp4", video.Bytes, "video/mp4", new ServeOptions(Gate: gate));
        return (bed, imds, gate, server.Url("/video.mp4"));
    }

    private Dictionary<string, string> InGroup(InstanceMetadataStandIn imds, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string>
        {
            ["AutoScaling__GroupName"] = _group,
            ["AutoScaling__TerminationHookName"] = "release-jobs",
            ["AutoScaling__LifecyclePollInterval"] = "00:00:00.200",
            ["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = imds.Endpoint.ToString().TrimEnd('/'),
            // The SDK gives the metadata service one second by default, which a loaded test machine may miss.
            ["AWS_METADATA_SERVICE_TIMEOUT"] = "10",
        };
        foreach (var (key, value) in more)
            settings[key] = value;
        return settings;
    }

    private async Task<AutoScalingGroup> DescribeGroupAsync() =>
        (await _autoScaling.DescribeAutoScalingGroupsAsync(new DescribeAutoScalingGroupsRequest { AutoScalingGroupNames = [_group] }, Ct)).AutoScalingGroups.Single();

    private async Task<AutoScalingInstanceDetails> InstanceAsync(string instanceId) =>
        (await _autoScaling.DescribeAutoScalingInstancesAsync(new DescribeAutoScalingInstancesRequest { InstanceIds = [instanceId] }, Ct)).AutoScalingInstances.Single();

    private Task SetDesiredCapacityAsync(int capacity) =>
        _autoScaling.SetDesiredCapacityAsync(new SetDesiredCapacityRequest { AutoScalingGroupName = _group, DesiredCapacity = capacity }, Ct);

    /// <summary>The containers' health check, as Docker runs it: the worker's own binary with <c>--health-probe</c>.</summary>
    private static Task<(int ExitCode, string Output)> HealthProbeAsync(int port) =>
        WorkerProcess.RunToEndAsync(["--health-probe"], new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}" });
}
