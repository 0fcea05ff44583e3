using System.Diagnostics.Metrics;
using System.Net;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using TelegramAI.Contracts.Scaling;
using TelegramAI.MetricSender.Telemetry;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.MetricSender;

/// <summary>The real cycle, composed as the service composes it, against moto.</summary>
public sealed class MetricCycleTests(MotoFixture moto)
{
    private readonly ScalingTestBed _bed = new(moto);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Several_targets_are_published_in_one_call_each_with_its_own_value_and_inputs()
    {
        var videos = await _bed.WorkerGroupAsync(desiredCapacity: 4, messages: 12);
        var detection = await _bed.WorkerGroupAsync(desiredCapacity: 2, messages: 3);
        await using var cloudWatch = await FlakyAwsProxy.StartAsync(moto.Server.Endpoint, failures: 0, HttpStatusCode.OK, "text/plain", "");
        using var host = _bed.Build(
            ("Scaling__Targets__0__Queue", videos.QueueUrl), ("Scaling__Targets__0__AutoScalingGroup", videos.Group),
            ("Scaling__Targets__1__Queue", detection.QueueName), ("Scaling__Targets__1__AutoScalingGroup", detection.Group),
            ("AWS_ENDPOINT_URL_CLOUDWATCH", cloudWatch.Endpoint.ToString()));
        using var gauges = new GaugeRecorder(videos.Group, detection.Group);

        var result = await ScalingTestBed.RunCycleAsync(host);

        result.Complete.ShouldBeTrue();
        result.Measured.Select(m => (m.Target.AutoScalingGroup, m.Messages, m.Capacity, m.BacklogPerInstance))
            .ShouldBe([(videos.Group, 12L, 4, 3.0), (detection.Group, 3L, 2, 1.5)]);
        cloudWatch.Requests.ShouldBe(1);
        await _bed.ShouldHavePublishedAsync(videos.Group, backlogPerInstance: 3, messages: 12, capacity: 4);
        await _bed.ShouldHavePublishedAsync(detection.Group, backlogPerInstance: 1.5, messages: 3, capacity: 2);

        gauges.Last(ScalingGauges.BacklogPerInstanceName, videos.Group).ShouldBe(3);
        gauges.Last(ScalingGauges.MessagesName, videos.Group).ShouldBe(12);
        gauges.Last(ScalingGauges.CapacityName, videos.Group).ShouldBe(4);
        gauges.Last(ScalingGauges.BacklogPerInstanceName, detection.Group).ShouldBe(1.5);
    }

    [Fact]
    public async Task A_group_at_zero_capacity_publishes_its_message_count_and_zero_when_its_queue_is_empty()
    {
        var waiting = await _bed.WorkerGroupAsync(desiredCapacity: 0, messages: 7);
        var idle = await _bed.WorkerGroupAsync(desiredCapacity: 0, messages: 0);
        using var host = _bed.Build(
            ("Scaling__Targets__0__Queue", waiting.QueueUrl), ("Scaling__Targets__0__AutoScalingGroup", waiting.Group),
            ("Scaling__Targets__1__Queue", idle.QueueUrl), ("Scaling__Targets__1__AutoScalingGroup", idle.Group));

        (await ScalingTestBed.RunCycleAsync(host)).Complete.ShouldBeTrue();

        await _bed.ShouldHavePublishedAsync(waiting.Group, backlogPerInstance: 7, messages: 7, capacity: 0);
        await _bed.ShouldHavePublishedAsync(idle.Group, backlogPerInstance: 0, messages: 0, capacity: 0);
    }

    [Fact]
    public async Task A_missing_group_or_queue_is_logged_and_skipped_while_the_healthy_target_publishes()
    {
        var healthy = await _bed.WorkerGroupAsync(desiredCapacity: 2, messages: 5);
        var orphan = await _bed.WorkerGroupAsync(desiredCapacity: 1, messages: 1);
        var missingGroup = MotoFixture.UniqueName("gone");
        var missingQueue = MotoFixture.UniqueName("noqueue");
        using var host = _bed.Build(
            ("Scaling__Targets__0__Queue", healthy.QueueUrl), ("Scaling__Targets__0__AutoScalingGroup", missingGroup),
            ("Scaling__Targets__1__Queue", healthy.QueueUrl), ("Scaling__Targets__1__AutoScalingGroup", healthy.Group),
            ("Scaling__Targets__2__Queue", missingQueue), ("Scaling__Targets__2__AutoScalingGroup", orphan.Group));

        var result = await ScalingTestBed.RunCycleAsync(host);

        result.Published.ShouldBeTrue();
        result.Complete.ShouldBeFalse();
        result.Skipped.ShouldBe([missingGroup, orphan.Group]);
        WarningsAndWorse().ShouldBe([$"Autoscaling group not found: {missingGroup}", $"Queue not found: {missingQueue} (for {orphan.Group})"], ignoreOrder: true);
        await _bed.ShouldHavePublishedAsync(healthy.Group, backlogPerInstance: 2.5, messages: 5, capacity: 2);
        (await _bed.ReadAsync(ScalingMetric.DefaultMetricName, missingGroup)).ShouldBeNull();
        (await _bed.ReadAsync(ScalingMetric.DefaultMetricName, orphan.Group)).ShouldBeNull();
    }

    [Fact]
    public async Task A_throttled_CloudWatch_is_retried_within_the_period_and_the_value_arrives()
    {
        const string throttled = "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r-1</RequestId></ErrorResponse>";
        var workers = await _bed.WorkerGroupAsync(desiredCapacity: 5, messages: 10);
        await using var cloudWatch = await FlakyAwsProxy.StartAsync(moto.Server.Endpoint, failures: 2, HttpStatusCode.BadRequest, "text/xml", throttled);
        using var host = _bed.Build(
            ("Scaling__Targets__0__Queue", workers.QueueUrl), ("Scaling__Targets__0__AutoScalingGroup", workers.Group),
            ("AWS_ENDPOINT_URL_CLOUDWATCH", cloudWatch.Endpoint.ToString()));

        (await ScalingTestBed.RunCycleAsync(host)).Complete.ShouldBeTrue();

        cloudWatch.Requests.ShouldBe(3);
        WarningsAndWorse().ShouldBeEmpty();
        await _bed.ShouldHavePublishedAsync(workers.Group, backlogPerInstance: 2, messages: 10, capacity: 5);
    }

    [Fact]
    public async Task In_flight_messages_and_in_service_capacity_count_when_a_target_asks_for_them()
    {
        var workers = await _bed.WorkerGroupAsync(desiredCapacity: 3, messages: 6);
        var taken = await moto.Sqs().ReceiveMessageAsync(new ReceiveMessageRequest() { QueueUrl = workers.QueueUrl, MaxNumberOfMessages = 2, VisibilityTimeout = 300 }, Ct);
        taken.Messages.Count.ShouldBe(2);
        using var host = _bed.Build(
            ("Scaling__Targets__0__Queue", workers.QueueUrl), ("Scaling__Targets__0__AutoScalingGroup", workers.Group),
            ("Scaling__Targets__0__CountInFlight", "true"), ("Scaling__Targets__0__Capacity", "InService"),
            ("Scaling__HighResolution", "true"));

        (await ScalingTestBed.RunCycleAsync(host)).Complete.ShouldBeTrue();

        await _bed.ShouldHavePublishedAsync(workers.Group, backlogPerInstance: 2, messages: 6, capacity: 3);
    }

    /// <summary>The last value each MetricSender gauge recorded for the given groups.</summary>
    private sealed class GaugeRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<(string Instrument, string Group), double> _last = [];
        private readonly HashSet<string> _groups;

        public GaugeRecorder(params string[] groups)
        {
            _groups = [.. groups];
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ScalingGauges.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
            _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
            _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Record(i, value, tags));
            _listener.Start();
        }

        public double? Last(string instrument, string group)
        {
            lock (_last)
            {
                return _last.TryGetValue((instrument, group), out var value) ? value : null;
            }
        }

        private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == ScalingMetric.DimensionName && tag.Value is string group && _groups.Contains(group))
                {
                    lock (_last)
                    {
                        _last[(instrument.Name, group)] = value;
                    }
                }
            }
        }

        public void Dispose() => _listener.Dispose();
    }

    private List<string> WarningsAndWorse() =>
        _bed.Logs.GetSnapshot().Where(record => record.Level >= LogLevel.Warning).Select(record => record.Message).ToList();
}
