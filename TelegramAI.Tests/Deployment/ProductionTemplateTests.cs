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
        ["autoscaling:DescribeAutoScalingGroups", "cloudwatch:PutMetricData", "ecr:GetAuthorizationToken", "ec2:DescribeVolumes"];

    [Theory]
    [InlineData(nameof(Resources.WorkersShortAlarm), nameof(Resources.CapacityScaleOutPolicy), "GreaterThanOrEqualToThreshold", CapacityGapScaling.ScaleOutThreshold)]
    [InlineData(nameof(Resources.WorkersSpareAlarm), nameof(Resources.CapacityScaleInPolicy), "LessThanThreshold", CapacityGapScaling.ScaleInThreshold)]
    public void Each_minutes_capacity_gap_moves_the_group_through_its_step_policy(string alarmName, string policyName, string comparison, double threshold)
    {
        var alarm = EmittedTemplate.Properties(alarmName);
        var policy = EmittedTemplate.Properties(policyName);

        alarm["Namespace"]!.GetValue<string>().ShouldBe(ScalingMetric.DefaultNamespace);
        alarm["MetricName"]!.GetValue<string>().ShouldBe(ScalingMetric.CapacityGapMetricName);
        JsonNode.DeepEquals(alarm["Dimensions"], WorkerGroupDimension()).ShouldBeTrue(alarm["Dimensions"]!.ToJsonString());
        alarm["Statistic"]!.GetValue<string>().ShouldBe("Maximum");
        alarm["Period"]!.GetValue<int>().ShouldBe(60);
        (alarm["EvaluationPeriods"]!.GetValue<int>(), alarm["DatapointsToAlarm"]!.GetValue<int>()).ShouldBe((1, 1));
        alarm["ComparisonOperator"]!.GetValue<string>().ShouldBe(comparison);
        alarm["Threshold"]!.GetValue<double>().ShouldBe(threshold);
        JsonNode.DeepEquals(alarm["AlarmActions"], new JsonArray(Fn.Ref(policyName))).ShouldBeTrue();

        policy["PolicyType"]!.GetValue<string>().ShouldBe("StepScaling");
        policy["AdjustmentType"]!.GetValue<string>().ShouldBe("ChangeInCapacity");
        policy["MetricAggregationType"]!.GetValue<string>().ShouldBe("Maximum");
        policy["EstimatedInstanceWarmup"]!.GetValue<int>().ShouldBe(0);
        JsonNode.DeepEquals(policy["AutoScalingGroupName"], Fn.Ref(Resources.WorkerGroup)).ShouldBeTrue();
    }

    [Fact]
    public void The_step_policies_carry_the_steps_the_simulator_runs()
    {
        static List<StepAdjustment> Steps(string policy) => [.. EmittedTemplate.Properties(policy)["StepAdjustments"]!.AsArray().Select(step => new StepAdjustment(
            step!["MetricIntervalLowerBound"]?.GetValue<double>(), step["MetricIntervalUpperBound"]?.GetValue<double>(), step["ScalingAdjustment"]!.GetValue<int>()))];

        Steps(Resources.CapacityScaleOutPolicy).ShouldBe(CapacityGapScaling.ScaleOutSteps);
        Steps(Resources.CapacityScaleInPolicy).ShouldBe(CapacityGapScaling.ScaleInSteps);
        Steps(Resources.CapacityScaleOutPolicy).Count.ShouldBeLessThanOrEqualTo(20, "AWS takes 20 steps a policy");
    }

    [Fact]
    public void Plain_target_tracking_and_its_step_policy_from_zero_are_gone() =>
        EmittedTemplate.ResourcesOfType("AWS::AutoScaling::ScalingPolicy")
            .ShouldAllBe(policy => policy.Resource["Properties"]!["PolicyType"]!.GetValue<string>() == "StepScaling");

    [Fact]
    public void Every_termination_of_a_worker_waits_in_the_hook_until_the_worker_has_released_its_jobs()
    {
        var group = EmittedTemplate.Properties(Resources.WorkerGroup);
        var hook = group["LifecycleHookSpecificationList"]!.AsArray().ShouldHaveSingleItem()!;

        hook["LifecycleTransition"]!.GetValue<string>().ShouldBe("autoscaling:EC2_INSTANCE_TERMINATING");
        hook["LifecycleHookName"]!.GetValue<string>().ShouldBe(WorkerScaling.TerminationHookName);
        hook["DefaultResult"]!.GetValue<string>().ShouldBe("CONTINUE");
        hook["HeartbeatTimeout"]!.GetValue<int>().ShouldBe(WorkerScaling.TerminationHookTimeoutSeconds);
        group["DefaultInstanceWarmup"]!.GetValue<int>().ShouldBe(0);
        UserData(Resources.WorkerLaunchTemplate).ShouldContain($"-e AutoScaling__TerminationHookName={WorkerScaling.TerminationHookName} ");
        UserData(Resources.WorkerLaunchTemplate).ShouldContain("-e AutoScaling__GroupName=${AWS::StackName}-workers ");
    }

    [Fact]
    public void A_worker_may_protect_report_and_release_instances_of_its_own_group_only()
    {
        var calls = new[] { "autoscaling:SetInstanceProtection", "autoscaling:SetInstanceHealth", "autoscaling:CompleteLifecycleAction", "autoscaling:RecordLifecycleActionHeartbeat" };
        var statement = Statements(Resources.WorkerRole).Single(s => Values(s["Action"]).Intersect(calls).Any());

        Values(statement["Action"]).ShouldBe(calls, ignoreOrder: true);
        EmittedTemplate.Strings(statement["Resource"]).ShouldBe(
            ["arn:${AWS::Partition}:autoscaling:${AWS::Region}:${AWS::AccountId}:autoScalingGroup:*:autoScalingGroupName/${AWS::StackName}-workers"]);
        JsonNode.DeepEquals(EmittedTemplate.Properties(Resources.WorkerGroup)["AutoScalingGroupName"], Fn.Sub("${AWS::StackName}-workers")).ShouldBeTrue();
    }

    [Fact]
    public void The_bot_runs_in_a_group_of_one_that_replaces_a_failed_instance_old_one_first()
    {
        var bot = EmittedTemplate.Resource(Resources.BotGroup);
        var group = bot["Properties"]!;

        (group["MinSize"]!.GetValue<string>(), group["MaxSize"]!.GetValue<string>(), group["DesiredCapacity"]!.GetValue<string>()).ShouldBe(("1", "1", "1"));
        group["HealthCheckType"]!.GetValue<string>().ShouldBe("EC2");
        JsonNode.DeepEquals(group["VPCZoneIdentifier"], new JsonArray(Fn.Ref(Parameters.BotSubnetId))).ShouldBeTrue();
        bot["UpdatePolicy"]!["AutoScalingRollingUpdate"]!["MinInstancesInService"]!.GetValue<int>().ShouldBe(0);
        EmittedTemplate.ResourcesOfType("AWS::EC2::Instance").ShouldBeEmpty();
    }

    [Fact]
    public void The_bots_state_lives_on_a_volume_in_its_zone_that_each_bot_instance_attaches_and_a_deletion_keeps_as_a_snapshot()
    {
        var volume = EmittedTemplate.Resource(Resources.BotStateVolume);
        var script = UserData(Resources.BotLaunchTemplate);

        volume["DeletionPolicy"]!.GetValue<string>().ShouldBe("Snapshot");
        volume["UpdateReplacePolicy"]!.GetValue<string>().ShouldBe("Snapshot");
        volume["Properties"]!["Encrypted"]!.GetValue<bool>().ShouldBeTrue();
        JsonNode.DeepEquals(volume["Properties"]!["AvailabilityZone"], Fn.Ref(Parameters.BotAvailabilityZone)).ShouldBeTrue();
        EmittedTemplate.Build()["Rules"]!.ToJsonString().ShouldContain("\"Fn::ValueOf\":[\"BotSubnetId\",\"AvailabilityZone\"]");
        script.ShouldContain("volume=${BotStateVolume}");
        script.ShouldContain("aws ec2 attach-volume");
        script.ShouldContain("mount \"$device\" /var/lib/telegramai");
        script.IndexOf("/usr/local/bin/telegramai-state\n", StringComparison.Ordinal).ShouldBeLessThan(script.IndexOf("docker run -d --name bot", StringComparison.Ordinal));
        script.ShouldContain("-e Bot__StateDirectory=/var/lib/telegramai/bot");
    }

    [Theory]
    [InlineData(nameof(Resources.BotLaunchTemplate), "bot metric-sender")]
    [InlineData(nameof(Resources.WorkerLaunchTemplate), "worker")]
    public void A_container_that_stays_unhealthy_gets_its_instance_replaced(string launchTemplate, string containers)
    {
        var script = UserData(launchTemplate);

        script.ShouldContain($"ExecStart=/usr/local/bin/telegramai-watchdog {containers}\n");
        script.ShouldContain("aws autoscaling set-instance-health --region ${AWS::Region} --instance-id \"$instance\" --health-status Unhealthy");
        script.ShouldContain("systemctl enable --now telegramai-watchdog.timer");
    }

    [Theory]
    [InlineData("Bot")]
    [InlineData("Worker")]
    [InlineData("MetricSender")]
    public void Every_image_checks_its_service_health_with_the_service_itself(string service)
    {
        var dockerfile = File.ReadAllText(Path.Combine(EmittedTemplate.RepositoryRoot(), $"TelegramAI.{service}", "Dockerfile"));

        dockerfile.ShouldContain($"HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD [\"dotnet\", \"TelegramAI.{service}.dll\", \"--health-probe\"]");
    }

    [Fact]
    public void The_dashboard_shows_the_queue_the_dead_letters_the_scaling_metric_the_group_and_the_job_timings()
    {
        var body = EmittedTemplate.Strings(EmittedTemplate.Properties(Resources.OperatorDashboard)["DashboardBody"]).Single();
        var widgets = JsonNode.Parse(body.Replace("${BacklogPerInstanceTarget}", "7", StringComparison.Ordinal))!["widgets"]!.AsArray();
        var shown = widgets.Where(w => (string?)w!["type"] == "metric")
            .SelectMany(w => w!["properties"]!["metrics"]!.AsArray())
            .Select(m => $"{m![0]} {m[1]} {m[3]}")
            .ToList();

        shown.ShouldContain("AWS/SQS ApproximateNumberOfMessagesVisible ${AWS::StackName}-jobs");
        shown.ShouldContain("AWS/SQS ApproximateNumberOfMessagesNotVisible ${AWS::StackName}-jobs");
        shown.ShouldContain("AWS/SQS ApproximateNumberOfMessagesVisible ${AWS::StackName}-jobs-dlq");
        shown.ShouldContain($"{ScalingMetric.DefaultNamespace} {ScalingMetric.DefaultMetricName} ${{AWS::StackName}}-workers");
        shown.ShouldContain("AWS/AutoScaling GroupDesiredCapacity ${AWS::StackName}-workers");
        shown.ShouldContain("AWS/AutoScaling GroupInServiceInstances ${AWS::StackName}-workers");
        shown.ShouldContain($"{JobMetrics.Namespace} {JobMetrics.ProcessingTime} ${{AWS::StackName}}-jobs");
        shown.ShouldContain($"{JobMetrics.Namespace} {JobMetrics.QueueWait} ${{AWS::StackName}}-jobs");
        body.ShouldContain("\"value\":${BacklogPerInstanceTarget}");
        EmittedTemplate.Properties(Resources.WorkerGroup)["MetricsCollection"]![0]!["Granularity"]!.GetValue<string>().ShouldBe("1Minute");
    }

    [Fact]
    public void An_alarm_fires_when_the_dead_letter_queue_holds_a_job()
    {
        var alarm = EmittedTemplate.Properties(Resources.DeadLettersAlarm);

        alarm["Namespace"]!.GetValue<string>().ShouldBe("AWS/SQS");
        alarm["MetricName"]!.GetValue<string>().ShouldBe("ApproximateNumberOfMessagesVisible");
        JsonNode.DeepEquals(alarm["Dimensions"]![0]!["Value"], Fn.GetAtt(Resources.JobsDeadLetterQueue, "QueueName")).ShouldBeTrue();
        alarm["ComparisonOperator"]!.GetValue<string>().ShouldBe("GreaterThanOrEqualToThreshold");
        alarm["Threshold"]!.GetValue<int>().ShouldBe(1);
        alarm["TreatMissingData"]!.GetValue<string>().ShouldBe("notBreaching");
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

            // A wildcard inside an ARN is narrowed by a condition on the resource's own tags, or names one group.
            var arns = EmittedTemplate.Strings(resources).Where(arn => arn.StartsWith("arn:", StringComparison.Ordinal) && arn.Contains('*')).ToList();
            foreach (var arn in arns)
            {
                (arn.Contains(":autoScalingGroup:*:autoScalingGroupName/${AWS::StackName}-", StringComparison.Ordinal)
                    || arn.EndsWith("/leases/*", StringComparison.Ordinal) || arn.EndsWith("}/*", StringComparison.Ordinal)
                    || statement["Condition"]?["StringEquals"]?.AsObject().Any(condition => condition.Key.StartsWith("aws:ResourceTag/", StringComparison.Ordinal)) == true)
                    .ShouldBeTrue(statement.ToJsonString());
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
        "Scaling__Targets__0__Queue", "Scaling__Targets__0__AutoScalingGroup", "Scaling__Targets__0__BacklogPerInstanceTarget", "Scaling__Namespace", "Scaling__MetricName")]
    [InlineData(nameof(Resources.WorkerLaunchTemplate),
        "AWS_REGION", "Queues__Jobs", "Queues__Results", "Storage__Bucket", "AutoScaling__GroupName", "AutoScaling__TerminationHookName")]
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

    private static string UserData(string launchTemplate) =>
        EmittedTemplate.Properties(launchTemplate)["LaunchTemplateData"]!["UserData"]!["Fn::Base64"]!["Fn::Sub"]!.GetValue<string>();

    private static IEnumerable<JsonObject> Statements(string role) =>
        EmittedTemplate.Properties(role)["Policies"]!.AsArray()
            .SelectMany(policy => policy!["PolicyDocument"]!["Statement"]!.AsArray())
            .Select(statement => statement!.AsObject());

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
