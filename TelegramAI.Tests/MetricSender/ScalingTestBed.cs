using Microsoft.Extensions.Logging.Testing;
using Amazon.SQS.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TelegramAI.Aws.AutoScaling;
using TelegramAI.Aws.AutoScaling.Model;
using TelegramAI.Aws.CloudFormation;
using TelegramAI.Aws.CloudWatch;
using TelegramAI.Aws.CloudWatch.Model;
using TelegramAI.Contracts.Scaling;
using TelegramAI.MetricSender;
using TelegramAI.MetricSender.Publishing;
using TelegramAI.MetricSender.Scheduling;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.MetricSender;

/// <summary>Worker groups in moto, a MetricSender composed as the service composes it, and the metrics read back.</summary>
internal sealed class ScalingTestBed(MotoFixture moto)
{
    public string Namespace { get; } = MotoFixture.UniqueName("scaling");

    /// <summary>Every log entry of the MetricSender hosts this bed built.</summary>
    public FakeLogCollector Logs { get; } = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A jobs queue holding <paramref name="messages"/> messages and a group at <paramref name="desiredCapacity"/>, deployed as production deploys them.</summary>
    public async Task<(string QueueUrl, string QueueName, string Group)> WorkerGroupAsync(int desiredCapacity, int messages)
    {
        var outputs = await LocalStacks.DeployAsync(new CloudFormationClient(moto.Http, moto.Settings()), MotoFixture.UniqueName("ms"), LocalStacks.WorkerGroupTemplate(desiredCapacity: 0), Ct);
        var group = outputs["WorkerGroupName"];
        if (desiredCapacity > 0)
        {
            await new AutoScalingClient(moto.Http, moto.Settings()).SetDesiredCapacityAsync(new SetDesiredCapacityRequest() { AutoScalingGroupName = group, DesiredCapacity = desiredCapacity }, Ct);
        }

        var url = outputs["JobsQueueUrl"];
        var sqs = moto.Sqs();
        foreach (var batch in Enumerable.Range(0, messages).Chunk(TelegramAI.Messaging.ContractQueue<TelegramAI.Contracts.Jobs.JobMessage>.MaxBatchEntries))
        {
            await sqs.SendMessageBatchAsync(new SendMessageBatchRequest()
            {
                QueueUrl = url,
                Entries = batch.Select(i => new SendMessageBatchRequestEntry { Id = $"m{i}", MessageBody = $"job {i}" }).ToList(),
            }, Ct);
        }

        return (url, outputs["JobsQueueName"], group);
    }

    /// <summary>The MetricSender's container for moto, with <paramref name="settings"/> (keys in environment form) over moto's.</summary>
    public IHost Build(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(moto.Server.Environment.Select(e => KeyValuePair.Create(e.Key, (string?)e.Value)));
        builder.Configuration.AddInMemoryCollection(
            settings.Append(("Scaling__Namespace", Namespace))
                .Select(s => KeyValuePair.Create(s.Item1.Replace("__", ":", StringComparison.Ordinal), (string?)s.Item2)));
        builder.Logging.AddProvider(new FakeLoggerProvider(Logs));
        builder.AddMetricSender();
        return builder.Build();
    }

    public static Task<CycleResult> RunCycleAsync(IHost host) =>
        MetricSenderService.RunCycleAsync(host.Services.GetRequiredService<IServiceScopeFactory>(), Ct);

    /// <summary>The one datapoint of <paramref name="metric"/> for <paramref name="group"/> in the last minutes, or null.</summary>
    public async Task<Datapoint?> ReadAsync(string metric, string group)
    {
        var now = DateTimeOffset.UtcNow;
        var stats = await new CloudWatchClient(moto.Http, moto.Settings()).GetMetricStatisticsAsync(new GetMetricStatisticsRequest()
        {
            Namespace = Namespace,
            MetricName = metric,
            Dimensions = [new() { Name = ScalingMetric.DimensionName, Value = group }],
            StartTimeUtc = now.AddMinutes(-10),
            EndTimeUtc = now.AddMinutes(5),
            Period = 900,
            Statistics = [ScalingMetric.Statistic, "SampleCount"],
        }, Ct);
        return stats.Datapoints.SingleOrDefault();
    }

    /// <summary>Asserts the scaling metric of <paramref name="group"/> was published once with this value, and its inputs beside it.</summary>
    public async Task ShouldHavePublishedAsync(string group, double backlogPerInstance, long messages, int capacity)
    {
        var backlog = (await ReadAsync(ScalingMetric.DefaultMetricName, group)).ShouldNotBeNull($"no {ScalingMetric.DefaultMetricName} for {group}");
        backlog.Average.ShouldBe(backlogPerInstance);
        backlog.SampleCount.ShouldBe(1);
        backlog.Unit.ShouldBe(ScalingMetric.Unit);

        var queue = (await ReadAsync(ScalingMetric.MessagesMetricName, group)).ShouldNotBeNull();
        queue.Average.ShouldBe(messages);
        queue.Unit.ShouldBe(StandardUnit.Count);

        var instances = (await ReadAsync(ScalingMetric.CapacityMetricName, group)).ShouldNotBeNull();
        instances.Average.ShouldBe(capacity);
        instances.Unit.ShouldBe(StandardUnit.Count);
    }
}
