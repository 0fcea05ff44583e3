using System.Diagnostics.Metrics;
using TelegramAI.Contracts.Scaling;
using TelegramAI.MetricSender.Measuring;

namespace TelegramAI.MetricSender.Telemetry;

/// <summary>
/// The values published to CloudWatch, also as OpenTelemetry gauges, so a dashboard fed over
/// OTLP shows them without CloudWatch. Tagged with the same dimension name.
/// </summary>
public sealed class ScalingGauges
{
    public const string MeterName = "TelegramAI.MetricSender";
    public const string BacklogPerInstanceName = "telegramai.scaling.backlog_per_instance";
    public const string MessagesName = "telegramai.scaling.messages";
    public const string CapacityName = "telegramai.scaling.capacity";

    private readonly Gauge<double> _backlogPerInstance;
    private readonly Gauge<long> _messages;
    private readonly Gauge<int> _capacity;

    public ScalingGauges(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _backlogPerInstance = meter.CreateGauge<double>(BacklogPerInstanceName, "{message}/{instance}", "Messages waiting per instance of the group; the message count itself at zero capacity.");
        _messages = meter.CreateGauge<long>(MessagesName, "{message}", "Messages counted as backlog of the group's queue.");
        _capacity = meter.CreateGauge<int>(CapacityName, "{instance}", "The group's capacity that divides the backlog.");
    }

    public void Record(TargetMeasurement measurement)
    {
        var group = new KeyValuePair<string, object?>(ScalingMetric.DimensionName, measurement.Target.AutoScalingGroup);
        _backlogPerInstance.Record(measurement.BacklogPerInstance, group);
        _messages.Record(measurement.Messages, group);
        _capacity.Record(measurement.Capacity, group);
    }
}
