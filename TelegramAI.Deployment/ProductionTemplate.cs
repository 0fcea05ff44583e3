using System.Text.Json.Nodes;
using TelegramAI.Contracts.Scaling;

namespace TelegramAI.Deployment;

/// <summary>
/// The production stack: queues, bucket, token secret, one role per service, the bot host,
/// the worker Auto Scaling group and its target-tracking policy on <see cref="ScalingMetric"/>.
/// </summary>
internal static class ProductionTemplate
{
    /// <summary>
    /// Jobs stay invisible this long after a receive. It is short on purpose: the worker extends
    /// it with ChangeMessageVisibility while a download runs (up to its 2 h limit), so a job held
    /// by a worker that died is retried within 15 minutes instead of after the longest job.
    /// </summary>
    public const int JobsVisibilityTimeoutSeconds = 900;

    public const int MaxReceiveCount = 3;

    private const int FourteenDaysInSeconds = 14 * 24 * 60 * 60;

    /// <summary>Repositories in the account's registry, one per service image.</summary>
    public const string BotRepository = "telegramai/bot";
    public const string WorkerRepository = "telegramai/worker";
    public const string MetricSenderRepository = "telegramai/metric-sender";

    public static class Parameters
    {
        public const string TelegramBotToken = nameof(TelegramBotToken);
        public const string ContainerRegistry = nameof(ContainerRegistry);
        public const string BotImageTag = nameof(BotImageTag);
        public const string WorkerImageTag = nameof(WorkerImageTag);
        public const string MetricSenderImageTag = nameof(MetricSenderImageTag);
        public const string InstanceType = nameof(InstanceType);
        public const string ImageId = nameof(ImageId);
        public const string VpcId = nameof(VpcId);
        public const string BotSubnetId = nameof(BotSubnetId);
        public const string WorkerSubnetIds = nameof(WorkerSubnetIds);
        public const string WorkerMinSize = nameof(WorkerMinSize);
        public const string WorkerMaxSize = nameof(WorkerMaxSize);
        public const string WorkerDesiredCapacity = nameof(WorkerDesiredCapacity);
        public const string BacklogPerInstanceTarget = nameof(BacklogPerInstanceTarget);
        public const string VideoRetentionDays = nameof(VideoRetentionDays);
    }

    public static class Resources
    {
        public const string JobsQueue = nameof(JobsQueue);
        public const string JobsDeadLetterQueue = nameof(JobsDeadLetterQueue);
        public const string ResultsQueue = nameof(ResultsQueue);
        public const string VideoBucket = nameof(VideoBucket);
        public const string BotTokenSecret = nameof(BotTokenSecret);
        public const string ServiceLogs = nameof(ServiceLogs);
        public const string BotRole = nameof(BotRole);
        public const string BotInstanceProfile = nameof(BotInstanceProfile);
        public const string WorkerRole = nameof(WorkerRole);
        public const string WorkerInstanceProfile = nameof(WorkerInstanceProfile);
        public const string MetricSenderRole = nameof(MetricSenderRole);
        public const string MetricSenderInstanceProfile = nameof(MetricSenderInstanceProfile);
        public const string ServiceSecurityGroup = nameof(ServiceSecurityGroup);
        public const string BotLaunchTemplate = nameof(BotLaunchTemplate);
        public const string BotInstance = nameof(BotInstance);
        public const string WorkerLaunchTemplate = nameof(WorkerLaunchTemplate);
        public const string WorkerGroup = nameof(WorkerGroup);
        public const string BacklogScalingPolicy = nameof(BacklogScalingPolicy);
        public const string ScalingMetricMissingAlarm = nameof(ScalingMetricMissingAlarm);
        public const string ScaleOutFromZeroPolicy = nameof(ScaleOutFromZeroPolicy);
        public const string JobsWaitingWithoutWorkersAlarm = nameof(JobsWaitingWithoutWorkersAlarm);
    }

    public static JsonObject Build() => new()
    {
        ["AWSTemplateFormatVersion"] = "2010-09-09",
        ["Description"] = "TelegramAI: Telegram bot, video workers scaled on BacklogPerInstance, queues and video bucket.",
        ["Parameters"] = BuildParameters(),
        ["Resources"] = Merge(Messaging(), Storage(), Secrets(), Roles.Build(), Compute(), Scaling(), ScaleOutFromZero(), SiteAccess.Resources()),
        ["Outputs"] = BuildOutputs(),
    };

    private static JsonObject BuildParameters() => new()
    {
        [Parameters.TelegramBotToken] = new JsonObject
        {
            ["Type"] = "String",
            ["NoEcho"] = true,
            ["AllowedPattern"] = "^[0-9]+:[A-Za-z0-9_-]+$",
            ["ConstraintDescription"] = "must be a bot token from @BotFather, like 123456:ABC-DEF...",
            ["Description"] = "Telegram bot token. Stored in Secrets Manager; the bot host reads it when it boots.",
        },
        [Parameters.ContainerRegistry] = new JsonObject
        {
            ["Type"] = "String",
            ["AllowedPattern"] = @"^[0-9]{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$",
            ["ConstraintDescription"] = "must be an ECR registry host, like 123456789012.dkr.ecr.eu-west-1.amazonaws.com",
            ["Description"] = $"ECR registry of this account and region holding {BotRepository}, {WorkerRepository} and {MetricSenderRepository}.",
        },
        [Parameters.BotImageTag] = ImageTag("bot"),
        [Parameters.WorkerImageTag] = ImageTag("worker"),
        [Parameters.MetricSenderImageTag] = ImageTag("metric-sender"),
        [Parameters.InstanceType] = new JsonObject
        {
            ["Type"] = "String",
            ["Default"] = "t3.small",
            ["AllowedValues"] = new JsonArray("t3.small", "t3.medium", "t3.large", "c6i.large", "m6i.large"),
            ["Description"] = "Instance type of the bot host and of every worker.",
        },
        [Parameters.ImageId] = new JsonObject
        {
            ["Type"] = "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
            ["Default"] = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
            ["Description"] = "Amazon Linux 2023 AMI; the user data installs docker with dnf.",
        },
        [Parameters.VpcId] = new JsonObject
        {
            ["Type"] = "AWS::EC2::VPC::Id",
            ["Description"] = "VPC of the subnets below.",
        },
        [Parameters.BotSubnetId] = new JsonObject
        {
            ["Type"] = "AWS::EC2::Subnet::Id",
            ["Description"] = "Subnet of the bot host. It needs outbound internet (public IP on launch, or a NAT gateway).",
        },
        [Parameters.WorkerSubnetIds] = new JsonObject
        {
            ["Type"] = "List<AWS::EC2::Subnet::Id>",
            ["Description"] = "Subnets of the worker Auto Scaling group, with outbound internet; several zones for availability.",
        },
        [Parameters.WorkerMinSize] = Count(0, 0, "Fewest workers; 0 lets an idle stack cost only the bot host."),
        [Parameters.WorkerMaxSize] = Count(10, 1, "Most workers: the ceiling on cost and on parallel downloads."),
        [Parameters.WorkerDesiredCapacity] = Count(1, 0, "Workers at creation; the scaling policy takes over from there."),
        [Parameters.BacklogPerInstanceTarget] = new JsonObject
        {
            ["Type"] = "Number",
            ["Default"] = 10,
            ["MinValue"] = 1,
            ["Description"] =
                "Target jobs waiting per worker. Choose acceptable queue latency / average processing time per job "
                + "(e.g. 10 min acceptable / 1 min per video = 10).",
        },
        [Parameters.VideoRetentionDays] = new JsonObject
        {
            ["Type"] = "Number",
            ["Default"] = 14,
            ["MinValue"] = 1,
            ["Description"] = "Days a fetched video stays in the bucket before it expires.",
        },
    };

    private static JsonObject ImageTag(string service) => new()
    {
        ["Type"] = "String",
        ["AllowedPattern"] = "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$",
        ["ConstraintDescription"] = "must be a docker image tag",
        ["Description"] = $"Tag of the {service} image; an immutable tag (e.g. the git commit) so every instance runs the same build.",
    };

    private static JsonObject Count(int defaultValue, int minValue, string description) => new()
    {
        ["Type"] = "Number",
        ["Default"] = defaultValue,
        ["MinValue"] = minValue,
        ["Description"] = description,
    };

    private static JsonObject Messaging() => new()
    {
        [Resources.JobsDeadLetterQueue] = new JsonObject
        {
            ["Type"] = "AWS::SQS::Queue",
            ["Properties"] = new JsonObject
            {
                ["QueueName"] = Fn.StackName("jobs-dlq"),
                ["MessageRetentionPeriod"] = FourteenDaysInSeconds,
                ["SqsManagedSseEnabled"] = true,
            },
        },
        [Resources.JobsQueue] = new JsonObject
        {
            ["Type"] = "AWS::SQS::Queue",
            ["Properties"] = new JsonObject
            {
                ["QueueName"] = Fn.StackName("jobs"),
                ["VisibilityTimeout"] = JobsVisibilityTimeoutSeconds,
                ["ReceiveMessageWaitTimeSeconds"] = 20,
                ["SqsManagedSseEnabled"] = true,
                ["RedrivePolicy"] = new JsonObject
                {
                    ["deadLetterTargetArn"] = Fn.GetAtt(Resources.JobsDeadLetterQueue, "Arn"),
                    ["maxReceiveCount"] = MaxReceiveCount,
                },
            },
        },
        [Resources.ResultsQueue] = new JsonObject
        {
            ["Type"] = "AWS::SQS::Queue",
            ["Properties"] = new JsonObject
            {
                ["QueueName"] = Fn.StackName("results"),
                ["ReceiveMessageWaitTimeSeconds"] = 20,
                ["SqsManagedSseEnabled"] = true,
            },
        },
    };

    private static JsonObject Storage() => new()
    {
        // No BucketName: CloudFormation derives a lowercase, globally unique one from the stack
        // name and logical id, where "${AWS::StackName}-..." breaks on stack names with capitals.
        [Resources.VideoBucket] = new JsonObject
        {
            ["Type"] = "AWS::S3::Bucket",
            ["Properties"] = new JsonObject
            {
                ["PublicAccessBlockConfiguration"] = new JsonObject
                {
                    ["BlockPublicAcls"] = true,
                    ["BlockPublicPolicy"] = true,
                    ["IgnorePublicAcls"] = true,
                    ["RestrictPublicBuckets"] = true,
                },
                ["BucketEncryption"] = new JsonObject
                {
                    ["ServerSideEncryptionConfiguration"] = new JsonArray(new JsonObject
                    {
                        ["ServerSideEncryptionByDefault"] = new JsonObject { ["SSEAlgorithm"] = "AES256" },
                    }),
                },
                ["OwnershipControls"] = new JsonObject
                {
                    ["Rules"] = new JsonArray(new JsonObject { ["ObjectOwnership"] = "BucketOwnerEnforced" }),
                },
                ["LifecycleConfiguration"] = new JsonObject
                {
                    ["Rules"] = new JsonArray(
                        new JsonObject
                        {
                            ["Id"] = "expire-videos",
                            ["Status"] = "Enabled",
                            ["ExpirationInDays"] = Fn.Ref(Parameters.VideoRetentionDays),
                        },
                        new JsonObject
                        {
                            // A worker that dies mid-upload leaves parts that are billed but never listed.
                            ["Id"] = "abort-incomplete-uploads",
                            ["Status"] = "Enabled",
                            ["AbortIncompleteMultipartUpload"] = new JsonObject { ["DaysAfterInitiation"] = 1 },
                        }),
                },
            },
        },
    };

    private static JsonObject Secrets() => new()
    {
        [Resources.BotTokenSecret] = new JsonObject
        {
            ["Type"] = "AWS::SecretsManager::Secret",
            ["Properties"] = new JsonObject
            {
                ["Name"] = Fn.Sub("${AWS::StackName}/telegram-bot-token"),
                ["Description"] = "Telegram bot token; the bot host reads it at boot.",
                ["SecretString"] = Fn.Ref(Parameters.TelegramBotToken),
            },
        },
        // Without it the containers' output would be out of reach: the instances take no ingress.
        [Resources.ServiceLogs] = new JsonObject
        {
            ["Type"] = "AWS::Logs::LogGroup",
            ["Properties"] = new JsonObject
            {
                ["LogGroupName"] = Fn.Sub("/telegramai/${AWS::StackName}"),
                ["RetentionInDays"] = 30,
            },
        },
    };

    private static JsonObject Compute() => new()
    {
        [Resources.ServiceSecurityGroup] = new JsonObject
        {
            ["Type"] = "AWS::EC2::SecurityGroup",
            ["Properties"] = new JsonObject
            {
                ["GroupDescription"] = "TelegramAI instances: no ingress (the bot long-polls Telegram), all egress.",
                ["VpcId"] = Fn.Ref(Parameters.VpcId),
                ["SecurityGroupEgress"] = new JsonArray(new JsonObject
                {
                    ["IpProtocol"] = "-1",
                    ["CidrIp"] = "0.0.0.0/0",
                    ["Description"] = "Telegram, video sites, ECR and AWS APIs",
                }),
                ["Tags"] = NameTag("services"),
            },
        },
        [Resources.BotLaunchTemplate] = LaunchTemplate("bot", Resources.BotInstanceProfile, UserData.BotHost()),
        // A launch template version change replaces the instance, so a new image tag boots fresh.
        [Resources.BotInstance] = new JsonObject
        {
            ["Type"] = "AWS::EC2::Instance",
            ["Properties"] = new JsonObject
            {
                ["LaunchTemplate"] = LatestVersionOf(Resources.BotLaunchTemplate),
                // Same as the launch template's; moto's CloudFormation reads only the instance's own.
                ["ImageId"] = Fn.Ref(Parameters.ImageId),
                ["SubnetId"] = Fn.Ref(Parameters.BotSubnetId),
                ["Tags"] = NameTag("bot"),
            },
        },
        [Resources.WorkerLaunchTemplate] = LaunchTemplate("worker", Resources.WorkerInstanceProfile, UserData.Worker()),
        [Resources.WorkerGroup] = new JsonObject
        {
            ["Type"] = "AWS::AutoScaling::AutoScalingGroup",
            ["Properties"] = new JsonObject
            {
                ["AutoScalingGroupName"] = Fn.StackName("workers"),
                ["MinSize"] = Fn.Ref(Parameters.WorkerMinSize),
                ["MaxSize"] = Fn.Ref(Parameters.WorkerMaxSize),
                ["DesiredCapacity"] = Fn.Ref(Parameters.WorkerDesiredCapacity),
                ["VPCZoneIdentifier"] = Fn.Ref(Parameters.WorkerSubnetIds),
                ["LaunchTemplate"] = LatestVersionOf(Resources.WorkerLaunchTemplate),
                ["MetricsCollection"] = new JsonArray(new JsonObject { ["Granularity"] = "1Minute" }),
                ["Tags"] = new JsonArray(new JsonObject
                {
                    ["Key"] = "Name",
                    ["Value"] = Fn.StackName("worker"),
                    ["PropagateAtLaunch"] = true,
                }),
            },
        },
    };

    private static JsonObject LaunchTemplate(string service, string instanceProfile, JsonNode userData) => new()
    {
        ["Type"] = "AWS::EC2::LaunchTemplate",
        ["Properties"] = new JsonObject
        {
            ["LaunchTemplateName"] = Fn.StackName(service),
            ["LaunchTemplateData"] = new JsonObject
            {
                ["ImageId"] = Fn.Ref(Parameters.ImageId),
                ["InstanceType"] = Fn.Ref(Parameters.InstanceType),
                ["IamInstanceProfile"] = new JsonObject { ["Arn"] = Fn.GetAtt(instanceProfile, "Arn") },
                ["SecurityGroupIds"] = new JsonArray(Fn.GetAtt(Resources.ServiceSecurityGroup, "GroupId")),
                // IMDSv2 only; two hops so the SDK inside a bridge-networked container reaches it.
                ["MetadataOptions"] = new JsonObject
                {
                    ["HttpTokens"] = "required",
                    ["HttpPutResponseHopLimit"] = 2,
                },
                // Room for docker images and the videos a worker downloads and transcodes.
                ["BlockDeviceMappings"] = new JsonArray(new JsonObject
                {
                    ["DeviceName"] = "/dev/xvda",
                    ["Ebs"] = new JsonObject
                    {
                        ["VolumeSize"] = 30,
                        ["VolumeType"] = "gp3",
                        ["Encrypted"] = true,
                        ["DeleteOnTermination"] = true,
                    },
                }),
                ["UserData"] = Fn.Base64(userData),
                ["TagSpecifications"] = new JsonArray(new JsonObject
                {
                    ["ResourceType"] = "volume",
                    ["Tags"] = NameTag(service),
                }),
            },
        },
    };

    private static JsonObject LatestVersionOf(string launchTemplate) => new()
    {
        ["LaunchTemplateId"] = Fn.Ref(launchTemplate),
        ["Version"] = Fn.GetAtt(launchTemplate, "LatestVersionNumber"),
    };

    private static JsonArray NameTag(string suffix) =>
        new(new JsonObject { ["Key"] = "Name", ["Value"] = Fn.StackName(suffix) });

    private static JsonObject Scaling() => new()
    {
        [Resources.BacklogScalingPolicy] = new JsonObject
        {
            ["Type"] = "AWS::AutoScaling::ScalingPolicy",
            ["Properties"] = new JsonObject
            {
                ["AutoScalingGroupName"] = Fn.Ref(Resources.WorkerGroup),
                ["PolicyType"] = "TargetTrackingScaling",
                // Boot, docker install and image pull take a few minutes; until then a new
                // worker's empty capacity must not count as idle.
                ["EstimatedInstanceWarmup"] = 300,
                ["TargetTrackingConfiguration"] = new JsonObject
                {
                    ["CustomizedMetricSpecification"] = ScalingMetricSpecification(),
                    ["TargetValue"] = Fn.Ref(Parameters.BacklogPerInstanceTarget),
                },
            },
        },
        // Target tracking holds the last capacity when its metric stops, so a dead MetricSender
        // would silently freeze scaling; this alarm makes that visible.
        [Resources.ScalingMetricMissingAlarm] = new JsonObject
        {
            ["Type"] = "AWS::CloudWatch::Alarm",
            ["Properties"] = new JsonObject
            {
                ["AlarmName"] = Fn.StackName("scaling-metric-missing"),
                ["AlarmDescription"] =
                    $"No {ScalingMetric.DefaultMetricName} for 3 minutes: the MetricSender is down and worker scaling is frozen.",
                ["Namespace"] = ScalingMetric.DefaultNamespace,
                ["MetricName"] = ScalingMetric.DefaultMetricName,
                ["Dimensions"] = WorkerGroupDimension(),
                ["Statistic"] = "SampleCount",
                ["Period"] = 60,
                ["EvaluationPeriods"] = 3,
                ["Threshold"] = 1,
                ["ComparisonOperator"] = "LessThanThreshold",
                ["TreatMissingData"] = "breaching",
            },
        },
    };

    // At zero workers BacklogPerInstance is the number of waiting jobs, and target tracking scales
    // out only once that passes the target: fewer jobs would wait for ever. This step policy adds
    // the first worker as soon as any job waits while the group has none.
    private static JsonObject ScaleOutFromZero() => new()
    {
        [Resources.ScaleOutFromZeroPolicy] = new JsonObject
        {
            ["Type"] = "AWS::AutoScaling::ScalingPolicy",
            ["Properties"] = new JsonObject
            {
                ["AutoScalingGroupName"] = Fn.Ref(Resources.WorkerGroup),
                ["PolicyType"] = "StepScaling",
                ["AdjustmentType"] = "ChangeInCapacity",
                ["EstimatedInstanceWarmup"] = 300,
                ["StepAdjustments"] = new JsonArray(new JsonObject { ["MetricIntervalLowerBound"] = 0, ["ScalingAdjustment"] = 1 }),
            },
        },
        [Resources.JobsWaitingWithoutWorkersAlarm] = new JsonObject
        {
            ["Type"] = "AWS::CloudWatch::Alarm",
            ["Properties"] = new JsonObject
            {
                ["AlarmName"] = Fn.StackName("jobs-waiting-without-workers"),
                ["AlarmDescription"] = "Jobs are waiting and the worker group has no capacity: start the first worker.",
                ["Metrics"] = new JsonArray(
                    RawScalingInput("messages", ScalingMetric.MessagesMetricName),
                    RawScalingInput("capacity", ScalingMetric.CapacityMetricName),
                    new JsonObject
                    {
                        ["Id"] = "waitingwithoutworkers",
                        ["Expression"] = "IF(capacity == 0 AND messages > 0, 1, 0)",
                        ["Label"] = "Jobs waiting with no workers",
                        ["ReturnData"] = true,
                    }),
                ["EvaluationPeriods"] = 1,
                ["Threshold"] = 1,
                ["ComparisonOperator"] = "GreaterThanOrEqualToThreshold",
                ["TreatMissingData"] = "notBreaching",
                ["AlarmActions"] = new JsonArray(Fn.Ref(Resources.ScaleOutFromZeroPolicy)),
            },
        },
    };

    private static JsonObject RawScalingInput(string id, string metricName) => new()
    {
        ["Id"] = id,
        ["ReturnData"] = false,
        ["MetricStat"] = new JsonObject
        {
            ["Metric"] = new JsonObject
            {
                ["Namespace"] = ScalingMetric.DefaultNamespace,
                ["MetricName"] = metricName,
                ["Dimensions"] = WorkerGroupDimension(),
            },
            ["Period"] = 60,
            ["Stat"] = "Maximum",
        },
    };

    private static JsonObject ScalingMetricSpecification() => new()
    {
        ["MetricName"] = ScalingMetric.DefaultMetricName,
        ["Namespace"] = ScalingMetric.DefaultNamespace,
        ["Dimensions"] = WorkerGroupDimension(),
        ["Statistic"] = ScalingMetric.Statistic,
        ["Unit"] = ScalingMetric.Unit,
    };

    private static JsonArray WorkerGroupDimension() =>
        new(new JsonObject { ["Name"] = ScalingMetric.DimensionName, ["Value"] = Fn.Ref(Resources.WorkerGroup) });

    private static JsonObject BuildOutputs() => new()
    {
        ["JobsQueueUrl"] = Output(Fn.Ref(Resources.JobsQueue), "Queues__Jobs"),
        ["ResultsQueueUrl"] = Output(Fn.Ref(Resources.ResultsQueue), "Queues__Results"),
        ["JobsDeadLetterQueueUrl"] = Output(Fn.Ref(Resources.JobsDeadLetterQueue), "jobs that failed 3 times"),
        ["VideoBucketName"] = Output(Fn.Ref(Resources.VideoBucket), "Storage__Bucket"),
        ["WorkerGroupName"] = Output(Fn.Ref(Resources.WorkerGroup), "Scaling__Targets__0__AutoScalingGroup"),
        ["BotInstanceId"] = Output(Fn.Ref(Resources.BotInstance), "instance running the bot and the MetricSender"),
    };

    private static JsonObject Output(JsonNode value, string description) => new()
    {
        ["Description"] = description,
        ["Value"] = value,
    };

    private static JsonObject Merge(params JsonObject[] sections)
    {
        var merged = new JsonObject();
        foreach (var section in sections)
        {
            foreach (var (name, value) in section.ToArray())
            {
                section.Remove(name);
                merged.Add(name, value);
            }
        }

        return merged;
    }
}
