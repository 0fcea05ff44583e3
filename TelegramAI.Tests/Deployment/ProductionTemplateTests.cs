using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TelegramAI.Deployment;
using TelegramAI.Contracts.Scaling;
using static TelegramAI.Deployment.ProductionTemplate;

namespace TelegramAI.Tests.Deployment;

public sealed partial class ProductionTemplateTests
{
    /// <summary>Properties that name a resource, in the resource types this template uses.</summary>
    private static readonly string[] NameProperties =
    [
        "QueueName", "BucketName", "Name", "LogGroupName", "RoleName", "InstanceProfileName", "GroupName",
        "LaunchTemplateName", "AutoScalingGroupName", "AlarmName",
    ];

    /// <summary>The only calls whose API takes no resource, so "*" is the narrowest there is.</summary>
    private static readonly string[] ResourcelessActions =
        ["autoscaling:DescribeAutoScalingGroups", "cloudwatch:PutMetricData", "ecr:GetAuthorizationToken"];

    [Fact]
    public void The_scaling_policy_tracks_exactly_the_metric_the_MetricSender_publishes()
    {
        var policy = EmittedTemplate.Properties(Resources.BacklogScalingPolicy);
        var tracking = policy["TargetTrackingConfiguration"]!;
        var metric = tracking["CustomizedMetricSpecification"]!.AsObject();

        policy["PolicyType"]!.GetValue<string>().ShouldBe("TargetTrackingScaling");
        JsonNode.DeepEquals(policy["AutoScalingGroupName"], Fn.Ref(Resources.WorkerGroup)).ShouldBeTrue();
        metric.Select(pair => pair.Key).ShouldBe(["MetricName", "Namespace", "Dimensions", "Statistic", "Unit"], ignoreOrder: true);
        metric["Namespace"]!.GetValue<string>().ShouldBe(ScalingMetric.DefaultNamespace);
        metric["MetricName"]!.GetValue<string>().ShouldBe(ScalingMetric.DefaultMetricName);
        metric["Statistic"]!.GetValue<string>().ShouldBe(ScalingMetric.Statistic);
        metric["Unit"]!.GetValue<string>().ShouldBe(ScalingMetric.Unit);
        JsonNode.DeepEquals(metric["Dimensions"], WorkerGroupDimension()).ShouldBeTrue(metric["Dimensions"]!.ToJsonString());
        JsonNode.DeepEquals(tracking["TargetValue"], Fn.Ref(Parameters.BacklogPerInstanceTarget)).ShouldBeTrue();
    }

    [Fact]
    public void An_alarm_fires_when_the_scaling_metric_stops_arriving()
    {
        var alarm = EmittedTemplate.Properties(Resources.ScalingMetricMissingAlarm);

        alarm["Namespace"]!.GetValue<string>().ShouldBe(ScalingMetric.DefaultNamespace);
        alarm["MetricName"]!.GetValue<string>().ShouldBe(ScalingMetric.DefaultMetricName);
        JsonNode.DeepEquals(alarm["Dimensions"], WorkerGroupDimension()).ShouldBeTrue();
        alarm["Statistic"]!.GetValue<string>().ShouldBe("SampleCount");
        alarm["ComparisonOperator"]!.GetValue<string>().ShouldBe("LessThanThreshold");
        alarm["Threshold"]!.GetValue<int>().ShouldBe(1);
        alarm["TreatMissingData"]!.GetValue<string>().ShouldBe("breaching");
    }

    [Fact]
    public void Every_resource_name_derives_from_the_stack_name()
    {
        var names = EmittedTemplate.Build()["Resources"]!.AsObject()
            .SelectMany(resource => NamesIn(resource.Key, resource.Value!["Properties"]))
            .ToList();

        names.ShouldNotBeEmpty();
        names.ShouldAllBe(name => name.Value.Contains("${AWS::StackName}"), string.Join("\n", names));
    }

    [Fact]
    public void The_bucket_name_is_left_to_CloudFormation_which_derives_it_from_the_stack() =>
        EmittedTemplate.Properties(Resources.VideoBucket).ContainsKey("BucketName").ShouldBeFalse();

    [Fact]
    public void Resources_hard_code_no_partition_account_or_region()
    {
        var strings = EmittedTemplate.Strings(EmittedTemplate.Build()["Resources"]).ToList();

        strings.ShouldNotContain(text => text.Contains("arn:aws:"));
        strings.ShouldNotContain(text => AccountId().IsMatch(text) || RegionName().IsMatch(text));
    }

    [Fact]
    public void The_bucket_blocks_public_access_and_encrypts_with_S3_managed_keys()
    {
        var bucket = EmittedTemplate.Properties(Resources.VideoBucket);

        bucket["PublicAccessBlockConfiguration"]!.AsObject()
            .ShouldAllBe(setting => setting.Value!.GetValue<bool>());
        bucket["PublicAccessBlockConfiguration"]!.AsObject().Count.ShouldBe(4);
        bucket["BucketEncryption"]!["ServerSideEncryptionConfiguration"]![0]!["ServerSideEncryptionByDefault"]!["SSEAlgorithm"]!
            .GetValue<string>().ShouldBe("AES256");
        bucket["OwnershipControls"]!["Rules"]![0]!["ObjectOwnership"]!.GetValue<string>().ShouldBe("BucketOwnerEnforced");
        var expiry = bucket["LifecycleConfiguration"]!["Rules"]!.AsArray().Single(rule => rule!["ExpirationInDays"] is not null);
        JsonNode.DeepEquals(expiry!["ExpirationInDays"], Fn.Ref(Parameters.VideoRetentionDays)).ShouldBeTrue();
    }

    [Fact]
    public void Failed_jobs_go_to_the_dead_letter_queue_after_three_receives()
    {
        var redrive = EmittedTemplate.Properties(Resources.JobsQueue)["RedrivePolicy"]!;

        redrive["maxReceiveCount"]!.GetValue<int>().ShouldBe(3);
        JsonNode.DeepEquals(redrive["deadLetterTargetArn"], Fn.GetAtt(Resources.JobsDeadLetterQueue, "Arn")).ShouldBeTrue();
    }

    [Fact]
    public void Every_queue_is_encrypted() =>
        EmittedTemplate.ResourcesOfType("AWS::SQS::Queue")
            .ShouldAllBe(queue => queue.Resource["Properties"]!["SqsManagedSseEnabled"]!.GetValue<bool>());

    [Fact]
    public void Iam_policies_grant_no_wildcard_actions_and_wildcard_resources_only_where_the_api_has_none()
    {
        var statements = EmittedTemplate.ResourcesOfType("AWS::IAM::Role")
            .SelectMany(role => role.Resource["Properties"]!["Policies"]!.AsArray())
            .SelectMany(policy => policy!["PolicyDocument"]!["Statement"]!.AsArray())
            .Select(statement => statement!.AsObject())
            .ToList();

        statements.ShouldNotBeEmpty();
        foreach (var statement in statements)
        {
            var actions = Values(statement["Action"]);
            var resources = statement["Resource"]!.AsArray();
            actions.ShouldNotContain(action => action.Contains('*'), statement.ToJsonString());
            if (resources.Any(resource => resource is JsonValue value && value.GetValue<string>().Contains('*')))
            {
                resources.Count.ShouldBe(1, statement.ToJsonString());
                ResourcelessActions.ShouldContain(actions.Single(), statement.ToJsonString());
            }
        }
    }

    [Fact]
    public void PutMetricData_is_limited_to_the_scaling_namespace()
    {
        var putMetricData = EmittedTemplate.Properties(Resources.MetricSenderRole)["Policies"]!.AsArray()
            .SelectMany(policy => policy!["PolicyDocument"]!["Statement"]!.AsArray())
            .Single(statement => Values(statement!["Action"]).Contains("cloudwatch:PutMetricData"))!;

        putMetricData["Condition"]!["StringEquals"]!["cloudwatch:namespace"]!.GetValue<string>()
            .ShouldBe(ScalingMetric.DefaultNamespace);
    }

    [Theory]
    [InlineData(nameof(Resources.BotLaunchTemplate),
        "AWS_REGION", "Queues__Jobs", "Queues__Results", "Storage__Bucket", "Telegram__BotToken",
        "Scaling__Targets__0__Queue", "Scaling__Targets__0__AutoScalingGroup", "Scaling__Namespace", "Scaling__MetricName")]
    [InlineData(nameof(Resources.WorkerLaunchTemplate), "AWS_REGION", "Queues__Jobs", "Queues__Results", "Storage__Bucket")]
    public void The_containers_get_their_configuration_keys(string launchTemplate, params string[] keys)
    {
        var script = EmittedTemplate.Properties(launchTemplate)["LaunchTemplateData"]!["UserData"]!["Fn::Base64"]!["Fn::Sub"]!
            .GetValue<string>();

        foreach (var key in keys)
        {
            script.ShouldContain($"{key}=", customMessage: key);
        }
    }

    [Fact]
    public void The_MetricSender_is_told_the_namespace_and_name_the_policy_tracks()
    {
        var script = EmittedTemplate.Properties(Resources.BotLaunchTemplate)["LaunchTemplateData"]!["UserData"]!["Fn::Base64"]!["Fn::Sub"]!
            .GetValue<string>();

        script.ShouldContain($"Scaling__Namespace={ScalingMetric.DefaultNamespace} ");
        script.ShouldContain($"Scaling__MetricName={ScalingMetric.DefaultMetricName} ");
    }

    private static JsonArray WorkerGroupDimension() =>
        [new JsonObject { ["Name"] = ScalingMetric.DimensionName, ["Value"] = Fn.Ref(Resources.WorkerGroup) }];

    private static List<string> Values(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(item => item!.GetValue<string>())] : [node!.GetValue<string>()];

    private static IEnumerable<KeyValuePair<string, string>> NamesIn(string resource, JsonNode? properties)
    {
        if (properties is not JsonObject obj)
        {
            yield break;
        }

        // A Ref names another resource of the stack (a policy's group), whose own name is checked.
        foreach (var name in NameProperties.Where(name => obj[name] is JsonValue || obj[name] is JsonObject value && !value.ContainsKey("Ref")))
        {
            yield return new($"{resource}.{name}", SubstitutedText(obj[name]!));
        }

        foreach (var tag in obj["Tags"]?.AsArray().Where(tag => (string?)tag!["Key"] == "Name") ?? [])
        {
            yield return new($"{resource}.Tags.Name", SubstitutedText(tag!["Value"]!));
        }
    }

    /// <summary>The text of an Fn::Sub, or the JSON of anything else so a plain name shows up as "quoted".</summary>
    private static string SubstitutedText(JsonNode node) =>
        node is JsonObject obj && obj["Fn::Sub"] is JsonValue text ? text.GetValue<string>() : node.ToJsonString();

    [GeneratedRegex(@"\b[0-9]{12}\b")]
    private static partial Regex AccountId();

    [GeneratedRegex(@"\b(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-[0-9]\b")]
    private static partial Regex RegionName();
}
