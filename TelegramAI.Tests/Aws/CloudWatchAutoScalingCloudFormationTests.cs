using System.Net;
using TelegramAI.Aws.AutoScaling;
using TelegramAI.Aws.AutoScaling.Model;
using TelegramAI.Aws.CloudFormation;
using TelegramAI.Aws.CloudFormation.Model;
using TelegramAI.Aws.CloudWatch;
using TelegramAI.Aws.CloudWatch.Model;
using TelegramAI.Aws.Runtime;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Aws;

public sealed class CloudWatchAutoScalingCloudFormationTests(MotoFixture moto)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Values_with_counts_count_as_that_many_samples()
    {
        var cloudWatch = new CloudWatchClient(moto.Http, moto.Settings());
        var ns = MotoFixture.UniqueName("ns");
        var now = DateTimeOffset.UtcNow;

        await cloudWatch.PutMetricDataAsync(new PutMetricDataRequest
        {
            Namespace = ns,
            MetricData = [new() { MetricName = "JobProcessingTime", Values = [10, 40], Counts = [3, 1], Unit = StandardUnit.Seconds, TimestampUtc = now }],
        }, Ct);

        var point = (await cloudWatch.GetMetricStatisticsAsync(new GetMetricStatisticsRequest
        {
            Namespace = ns, MetricName = "JobProcessingTime", StartTimeUtc = now.AddMinutes(-5), EndTimeUtc = now.AddMinutes(5), Period = 600,
            Statistics = ["SampleCount", "Sum", "Maximum"],
        }, Ct)).Datapoints.ShouldHaveSingleItem();
        (point.SampleCount, point.Sum, point.Maximum).ShouldBe((4.0, 70.0, 40.0));
    }

    [Fact]
    public void Values_and_counts_are_refused_past_the_apis_limit_or_of_unequal_length()
    {
        MetricDatum Datum(int values, int counts) =>
            new() { MetricName = "m", Values = [.. Enumerable.Range(0, values).Select(i => (double)i)], Counts = [.. Enumerable.Repeat(1.0, counts)] };

        Should.Throw<ArgumentException>(() => CloudWatchClient.Chunks([Datum(MetricDatumLimits.MaxValues + 1, 0)]).ToList());
        Should.Throw<ArgumentException>(() => CloudWatchClient.Chunks([Datum(3, 2)]).ToList());
        CloudWatchClient.Chunks([Datum(MetricDatumLimits.MaxValues, MetricDatumLimits.MaxValues)]).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task The_lifecycle_calls_send_the_group_the_hook_the_instance_and_the_result()
    {
        await using var standIn = await LifecycleActionStandIn.StartAsync(moto.Server.Endpoint);
        var autoScaling = new AutoScalingClient(moto.Http, moto.Settings(standIn.Endpoint));

        var heartbeat = await autoScaling.RecordLifecycleActionHeartbeatAsync(
            new RecordLifecycleActionHeartbeatRequest { AutoScalingGroupName = "workers", LifecycleHookName = "release-jobs", InstanceId = "i-0123" }, Ct);
        var completed = await autoScaling.CompleteLifecycleActionAsync(new CompleteLifecycleActionRequest
        {
            AutoScalingGroupName = "workers",
            LifecycleHookName = "release-jobs",
            InstanceId = "i-0123",
            LifecycleActionResult = LifecycleActionResult.Continue,
        }, Ct);

        heartbeat.ResponseMetadata.RequestId.ShouldNotBeNullOrEmpty();
        completed.ResponseMetadata.RequestId.ShouldNotBeNullOrEmpty();
        standIn.Calls.Select(call => call.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")).ShouldBe(
        [
            ["Action=RecordLifecycleActionHeartbeat", "AutoScalingGroupName=workers", "InstanceId=i-0123", "LifecycleHookName=release-jobs", "Version=2011-01-01"],
            ["Action=CompleteLifecycleAction", "AutoScalingGroupName=workers", "InstanceId=i-0123", "LifecycleActionResult=CONTINUE", "LifecycleHookName=release-jobs", "Version=2011-01-01"],
        ]);
    }

    [Fact]
    public async Task Metric_data_with_dimensions_unit_and_resolution_reads_back_through_GetMetricStatistics()
    {
        var cloudWatch = new CloudWatchClient(moto.Http, moto.Settings());
        var ns = MotoFixture.UniqueName("ns");
        var now = DateTimeOffset.UtcNow;
        var group = new Dimension { Name = "AutoScalingGroupName", Value = "workers" };

        var put = await cloudWatch.PutMetricDataAsync(new PutMetricDataRequest()
        {
            Namespace = ns,
            MetricData =
            [
                new() { MetricName = "BacklogPerInstance", Dimensions = [group], Value = 12.5, Unit = StandardUnit.None, TimestampUtc = now, StorageResolution = 1 },
                new() { MetricName = "BacklogPerInstance", Dimensions = [group], Value = 7.5, Unit = StandardUnit.None, TimestampUtc = now },
                new() { MetricName = "ApproximateNumberOfMessages", Dimensions = [group], Value = 25, Unit = StandardUnit.Count, TimestampUtc = now },
            ],
        }, Ct);
        put.Calls.ShouldBe(1);

        var stats = await cloudWatch.GetMetricStatisticsAsync(new GetMetricStatisticsRequest()
        {
            Namespace = ns,
            MetricName = "BacklogPerInstance",
            Dimensions = [group],
            StartTimeUtc = now.AddMinutes(-5),
            EndTimeUtc = now.AddMinutes(5),
            Period = 60,
            Statistics = ["Average", "Maximum", "SampleCount"],
        }, Ct);

        var point = stats.Datapoints.ShouldHaveSingleItem();
        point.Average.ShouldBe(10);
        point.Maximum.ShouldBe(12.5);
        point.SampleCount.ShouldBe(2);
        point.Unit.ShouldBe(StandardUnit.None);
        stats.Label.ShouldBe("BacklogPerInstance");

        var otherDimension = await cloudWatch.GetMetricStatisticsAsync(new GetMetricStatisticsRequest()
        {
            Namespace = ns, MetricName = "BacklogPerInstance", Dimensions = [new() { Name = "AutoScalingGroupName", Value = "other" }],
            StartTimeUtc = now.AddMinutes(-5), EndTimeUtc = now.AddMinutes(5), Period = 60, Statistics = ["Average"],
        }, Ct);
        otherDimension.Datapoints.ShouldBeEmpty();
    }

    [Fact]
    public async Task More_datums_than_one_call_takes_are_split_and_all_arrive()
    {
        var cloudWatch = new CloudWatchClient(moto.Http, moto.Settings());
        var ns = MotoFixture.UniqueName("split");
        var now = DateTimeOffset.UtcNow;
        var data = Enumerable.Range(0, CloudWatchClient.MaxDatumsPerCall + 5)
            .Select(i => new MetricDatum { MetricName = "Load", Dimensions = [new() { Name = "Shard", Value = (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture) }], Value = 1, Unit = StandardUnit.Count, TimestampUtc = now })
            .ToList();

        var put = await cloudWatch.PutMetricDataAsync(new PutMetricDataRequest() { Namespace = ns, MetricData = data }, Ct);

        put.Calls.ShouldBe(2);
        var total = 0.0;
        foreach (var shard in new[] { "0", "1", "2" })
        {
            var stats = await cloudWatch.GetMetricStatisticsAsync(new GetMetricStatisticsRequest()
            {
                Namespace = ns, MetricName = "Load", Dimensions = [new() { Name = "Shard", Value = shard }],
                StartTimeUtc = now.AddMinutes(-5), EndTimeUtc = now.AddMinutes(5), Period = 300, Statistics = ["Sum"],
            }, Ct);
            total += stats.Datapoints.Sum(d => d.Sum ?? 0);
        }

        total.ShouldBe(data.Count);
    }

    [Fact]
    public void Splitting_respects_the_body_size_limit_for_long_dimension_values()
    {
        var longValue = new string('v', 250);
        var data = Enumerable.Range(0, 400)
            .Select(_ => new MetricDatum { MetricName = "M", Dimensions = Enumerable.Range(0, 10).Select(d => new Dimension { Name = $"D{d}", Value = longValue }).ToList() })
            .ToList();

        var chunks = CloudWatchClient.Chunks(data).ToList();

        chunks.Count.ShouldBeGreaterThan(1);
        chunks.Sum(c => c.Count).ShouldBe(400);
    }

    [Fact]
    public async Task A_throttled_PutMetricData_is_retried_and_then_succeeds()
    {
        const string throttled = "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r-1</RequestId></ErrorResponse>";
        await using var proxy = await FlakyAwsProxy.StartAsync(moto.Server.Endpoint, failures: 1, HttpStatusCode.BadRequest, "text/xml", throttled);
        var cloudWatch = new CloudWatchClient(moto.Http, moto.Settings(proxy.Endpoint));

        await cloudWatch.PutMetricDataAsync(new PutMetricDataRequest() { Namespace = MotoFixture.UniqueName("thr"), MetricData = [new() { MetricName = "M", Value = 1 }] }, Ct);

        proxy.Requests.ShouldBe(2);
    }

    [Fact]
    public async Task A_query_protocol_error_carries_code_message_and_request_id()
    {
        var cloudWatch = new CloudWatchClient(moto.Http, moto.Settings());

        var error = await Should.ThrowAsync<AwsServiceException>(() => cloudWatch.GetMetricStatisticsAsync(new GetMetricStatisticsRequest()
        {
            Namespace = "x", MetricName = "y", StartTimeUtc = DateTimeOffset.UtcNow, EndTimeUtc = DateTimeOffset.UtcNow.AddMinutes(-5), Period = 60, Statistics = ["Average"],
        }, Ct));

        error.ErrorCode.ShouldNotBeNullOrEmpty();
        error.Message.ShouldContain("GetMetricStatistics failed: " + error.ErrorCode);
        error.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_auto_scaling_group_from_a_stack_is_described_and_its_desired_capacity_set()
    {
        var outputs = await LocalStacks.DeployAsync(new CloudFormationClient(moto.Http, moto.Settings()), MotoFixture.UniqueName("asg"), LocalStacks.WorkerGroupTemplate(desiredCapacity: 2), Ct);
        var autoScaling = new AutoScalingClient(moto.Http, moto.Settings());
        var name = outputs["WorkerGroupName"];

        var group = (await autoScaling.DescribeAutoScalingGroupsAsync(new DescribeAutoScalingGroupsRequest() { AutoScalingGroupNames = [name] }, Ct)).AutoScalingGroups.ShouldHaveSingleItem();
        group.AutoScalingGroupName.ShouldBe(name);
        group.MinSize.ShouldBe(0);
        group.MaxSize.ShouldBe(10);
        group.DesiredCapacity.ShouldBe(2);
        group.Instances.Count.ShouldBe(2);
        group.Instances.ShouldAllBe(i => i.LifecycleState == LifecycleState.InService && i.InstanceId.StartsWith("i-"));

        await autoScaling.SetDesiredCapacityAsync(new SetDesiredCapacityRequest() { AutoScalingGroupName = name, DesiredCapacity = 4 }, Ct);

        var scaled = (await autoScaling.DescribeAutoScalingGroupsAsync(new DescribeAutoScalingGroupsRequest() { AutoScalingGroupNames = [name] }, Ct)).AutoScalingGroups.Single();
        scaled.DesiredCapacity.ShouldBe(4);
    }

    [Fact]
    public async Task A_missing_auto_scaling_group_is_an_empty_answer_not_an_error()
    {
        var autoScaling = new AutoScalingClient(moto.Http, moto.Settings());

        (await autoScaling.DescribeAutoScalingGroupsAsync(new DescribeAutoScalingGroupsRequest() { AutoScalingGroupNames = [MotoFixture.UniqueName("nope")] }, Ct)).AutoScalingGroups.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_stack_reports_its_resources_and_is_deleted()
    {
        var cloudFormation = new CloudFormationClient(moto.Http, moto.Settings());
        var stackName = MotoFixture.UniqueName("res");
        await LocalStacks.DeployAsync(cloudFormation, stackName, LocalStacks.WorkerGroupTemplate(desiredCapacity: 0), Ct);

        var resources = await cloudFormation.ListStackResourcesAsync(new ListStackResourcesRequest() { StackName = stackName }, Ct);
        resources.StackResourceSummaries.Select(r => r.ResourceType).Order().ShouldBe(["AWS::AutoScaling::AutoScalingGroup", "AWS::EC2::LaunchTemplate", "AWS::SQS::Queue"]);

        await cloudFormation.DeleteStackAsync(new DeleteStackRequest() { StackName = stackName }, Ct);
        var error = await Should.ThrowAsync<AwsServiceException>(() => cloudFormation.DescribeStacksAsync(new DescribeStacksRequest() { StackName = stackName }, Ct));
        error.ErrorCode.ShouldBe("ValidationError");
    }
}
