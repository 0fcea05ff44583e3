using TelegramAI.Aws.Emulator;
using TelegramAI.MetricSender.Scheduling;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.MetricSender;

/// <summary><c>dotnet TelegramAI.MetricSender.dll --once</c>, run the way cron or an operator runs it.</summary>
public sealed class MetricSenderProcessTests(MotoFixture moto)
{
    private readonly ScalingTestBed _bed = new(moto);

    [Fact]
    public async Task Once_publishes_one_period_and_exits_0()
    {
        var workers = await _bed.WorkerGroupAsync(desiredCapacity: 2, messages: 4);

        var (exitCode, stdout, stderr) = await RunOnceAsync(("Scaling__Targets__0__Queue", workers.QueueName), ("Scaling__Targets__0__AutoScalingGroup", workers.Group));

        exitCode.ShouldBe(0, stdout + stderr);
        stderr.ShouldBeEmpty();
        await _bed.ShouldHavePublishedAsync(workers.Group, backlogPerInstance: 2, messages: 4, capacity: 2);
    }

    [Fact]
    public async Task Once_with_a_missing_group_publishes_the_others_logs_the_group_and_exits_1()
    {
        var workers = await _bed.WorkerGroupAsync(desiredCapacity: 0, messages: 3);
        var missing = MotoFixture.UniqueName("gone");

        var (exitCode, stdout, _) = await RunOnceAsync(
            ("Scaling__Targets__0__Queue", workers.QueueUrl), ("Scaling__Targets__0__AutoScalingGroup", workers.Group),
            ("Scaling__Targets__1__Queue", workers.QueueUrl), ("Scaling__Targets__1__AutoScalingGroup", missing));

        exitCode.ShouldBe(OnceCommand.IncompleteExitCode);
        stdout.ShouldContain($"Autoscaling group not found: {missing}");
        await _bed.ShouldHavePublishedAsync(workers.Group, backlogPerInstance: 3, messages: 3, capacity: 0);
    }

    [Fact]
    public async Task Once_signs_in_with_a_profile_that_assumes_a_role_as_production_does()
    {
        // Production gives the container AWS_PROFILE=metric-sender, a profile with role_arn; the SDK
        // assumes the role through STS (here moto's), which needs AWSSDK.SecurityToken at run time.
        var workers = await _bed.WorkerGroupAsync(desiredCapacity: 1, messages: 2);
        using var folder = new TempFolder();
        var config = Path.Combine(folder.FullPath, "config");
        await File.WriteAllTextAsync(config, $"""
            [profile base]
            aws_access_key_id = {MotoServer.AccessKey}
            aws_secret_access_key = {MotoServer.SecretKey}

            [profile metric-sender]
            role_arn = arn:aws:iam::123456789012:role/metric-sender
            source_profile = base
            role_session_name = metric-sender
            """, TestContext.Current.CancellationToken);

        var (exitCode, stdout, stderr) = await RunOnceAsync(
            ("AWS_ACCESS_KEY_ID", ""), ("AWS_SECRET_ACCESS_KEY", ""),
            ("AWS_CONFIG_FILE", config), ("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(folder.FullPath, "credentials")), ("AWS_PROFILE", "metric-sender"),
            ("Scaling__Targets__0__Queue", workers.QueueUrl), ("Scaling__Targets__0__AutoScalingGroup", workers.Group));

        exitCode.ShouldBe(0, stdout + stderr);
        await _bed.ShouldHavePublishedAsync(workers.Group, backlogPerInstance: 2, messages: 2, capacity: 1);
    }

    [Fact]
    public async Task The_service_without_an_AWS_region_stops_at_start_with_one_line_naming_the_key()
    {
        var (exitCode, stdout, stderr) = await RunAsync([], ("AWS_REGION", ""), ("Scaling__Targets__0__Queue", "jobs"), ("Scaling__Targets__0__AutoScalingGroup", "workers"));

        exitCode.ShouldBe(Microsoft.Extensions.Hosting.ServiceRunExtensions.ConfigurationErrorExitCode);
        stderr.ShouldBe("AWS_REGION: is not set; set it to the AWS region, for example us-east-1." + Environment.NewLine);
        stdout.ShouldNotContain("   at ");
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> RunOnceAsync(params (string Key, string Value)[] settings) =>
        RunAsync([OnceCommand.Switch], settings);

    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] arguments, params (string Key, string Value)[] settings) =>
        MetricSenderProcess.RunAsync(arguments, moto.Server.Environment.Select(e => (e.Key, e.Value)).Concat(settings).Append(("Scaling__Namespace", _bed.Namespace)));
}
