using System.Text.Json.Nodes;

namespace TelegramAI.Deployment;

/// <summary>
/// The production stack: queues, bucket, token secret, one role per service, the bot host (a group of one, its state on
/// a volume of its own), the worker Auto Scaling group and its scaling policies (<see cref="WorkerScaling"/>), and the
/// operator's dashboard and alarms (<see cref="OperatorView"/>).
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

    /// <summary>5 minutes of acceptable wait over a typical 40 s job, rounded down (the README's worked example).</summary>
    public const int DefaultBacklogPerInstanceTarget = 7;

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
        public const string BotAvailabilityZone = nameof(BotAvailabilityZone);
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
        public const string BotGroup = nameof(BotGroup);
        public const string BotStateVolume = nameof(BotStateVolume);
        public const string WorkerLaunchTemplate = nameof(WorkerLaunchTemplate);
        public const string WorkerGroup = nameof(WorkerGroup);
        public const string CapacityScaleOutPolicy = nameof(CapacityScaleOutPolicy);
        public const string WorkersShortAlarm = nameof(WorkersShortAlarm);
        public const string CapacityScaleInPolicy = nameof(CapacityScaleInPolicy);
        public const string WorkersSpareAlarm = nameof(WorkersSpareAlarm);
        public const string ScalingMetricMissingAlarm = nameof(ScalingMetricMissingAlarm);
        public const string DeadLettersAlarm = nameof(DeadLettersAlarm);
        public const string OperatorDashboard = nameof(OperatorDashboard);
    }

    public static JsonObject Build() => new()
    {
        ["AWSTemplateFormatVersion"] = "2010-09-09",
        ["Description"] = "TelegramAI: Telegram bot, video workers scaled on BacklogPerInstance, queues and video bucket.",
        ["Parameters"] = BuildParameters(),
        ["Rules"] = BuildRules(),
        ["Resources"] = Merge(Messaging(), Storage(), Secrets(), Roles.Build(), Compute(), WorkerScaling.Resources(), OperatorView.Resources(), SiteAccess.Resources()),
        ["Outputs"] = BuildOutputs(),
    };

    /// <summary>Checks CloudFormation makes before it creates anything.</summary>
    private static JsonObject BuildRules() => new()
    {
        ["BotStateVolumeBesideTheBot"] = new JsonObject
        {
            ["Assertions"] = new JsonArray(new JsonObject
            {
                // Fn::Contains of a one-zone list: what Fn::Equals says, in the form cfn-lint reads for Fn::ValueOf.
                ["Assert"] = new JsonObject
                {
                    ["Fn::Contains"] = new JsonArray(
                        new JsonArray(Fn.Ref(Parameters.BotAvailabilityZone)),
                        new JsonObject { ["Fn::ValueOf"] = new JsonArray(Parameters.BotSubnetId, "AvailabilityZone") }),
                },
                ["AssertDescription"] = $"{Parameters.BotAvailabilityZone} must be the zone of {Parameters.BotSubnetId}: the bot's state volume can attach only to instances in its own zone.",
            }),
        },
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
        [Parameters.BotAvailabilityZone] = new JsonObject
        {
            ["Type"] = "AWS::EC2::AvailabilityZone::Name",
            ["Description"] = "Availability zone of BotSubnetId, where the bot's state volume lives.",
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
            ["Default"] = DefaultBacklogPerInstanceTarget,
            ["MinValue"] = 1,
            ["Description"] =
                "Jobs that may wait per worker: acceptable wait / average processing time per job (5 min / 40 s = 7). "
                + "The MetricSender's recommend command works it out from the job times the workers publish.",
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
        // The bot host is a group of one: EC2's health checks (and the host's container watchdog) replace a failed
        // instance by itself. A new launch template version (a new image tag) replaces the instance too, the old one
        // first, so two bots never poll Telegram at once and the state volume is free for the new one.
        [Resources.BotGroup] = new JsonObject
        {
            ["Type"] = "AWS::AutoScaling::AutoScalingGroup",
            ["UpdatePolicy"] = new JsonObject
            {
                ["AutoScalingRollingUpdate"] = new JsonObject { ["MinInstancesInService"] = 0, ["MaxBatchSize"] = 1 },
            },
            ["Properties"] = new JsonObject
            {
                ["AutoScalingGroupName"] = Fn.StackName("bot"),
                ["MinSize"] = "1",
                ["MaxSize"] = "1",
                ["DesiredCapacity"] = "1",
                ["VPCZoneIdentifier"] = new JsonArray(Fn.Ref(Parameters.BotSubnetId)),
                ["LaunchTemplate"] = LatestVersionOf(Resources.BotLaunchTemplate),
                ["HealthCheckType"] = "EC2",
                ["HealthCheckGracePeriod"] = HealthCheckGracePeriodSeconds,
                ["Tags"] = PropagatedNameTag("bot"),
            },
        },
        // The bot's state folder (the restart-safety ledger and the record of finished jobs) outlives any instance:
        // each bot instance attaches it at boot. Kept as a snapshot if the stack or the volume is ever replaced.
        [Resources.BotStateVolume] = new JsonObject
        {
            ["Type"] = "AWS::EC2::Volume",
            ["DeletionPolicy"] = "Snapshot",
            ["UpdateReplacePolicy"] = "Snapshot",
            ["Properties"] = new JsonObject
            {
                ["AvailabilityZone"] = Fn.Ref(Parameters.BotAvailabilityZone),
                ["Size"] = 1,
                ["VolumeType"] = "gp3",
                ["Encrypted"] = true,
                ["Tags"] = NameTag("bot-state"),
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
                // A worker takes jobs as soon as it runs, and the scaling metric counts booting instances already:
                // no warm-up, and no default cooldown holding scale-in back after each launch.
                ["DefaultInstanceWarmup"] = 0,
                ["HealthCheckGracePeriod"] = HealthCheckGracePeriodSeconds,
                ["LifecycleHookSpecificationList"] = WorkerScaling.LifecycleHooks(),
                ["Tags"] = PropagatedNameTag("worker"),
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

    private static JsonArray PropagatedNameTag(string suffix) =>
        new(new JsonObject { ["Key"] = "Name", ["Value"] = Fn.StackName(suffix), ["PropagateAtLaunch"] = true });

    /// <summary>Boot, docker and the image pull: until then a replaced instance is not judged by its health.</summary>
    private const int HealthCheckGracePeriodSeconds = 300;

    private static JsonObject BuildOutputs() => new()
    {
        ["JobsQueueUrl"] = Output(Fn.Ref(Resources.JobsQueue), "Queues__Jobs"),
        ["ResultsQueueUrl"] = Output(Fn.Ref(Resources.ResultsQueue), "Queues__Results"),
        ["JobsDeadLetterQueueUrl"] = Output(Fn.Ref(Resources.JobsDeadLetterQueue), "jobs that failed 3 times"),
        ["VideoBucketName"] = Output(Fn.Ref(Resources.VideoBucket), "Storage__Bucket"),
        ["WorkerGroupName"] = Output(Fn.Ref(Resources.WorkerGroup), "Scaling__Targets__0__AutoScalingGroup"),
        ["BotGroupName"] = Output(Fn.Ref(Resources.BotGroup), "group of one instance running the bot and the MetricSender"),
        ["DashboardUrl"] = Output(
            Fn.Sub("https://${AWS::Region}.console.aws.amazon.com/cloudwatch/home?region=${AWS::Region}#dashboards:name=${" + Resources.OperatorDashboard + "}"),
            "the operator's CloudWatch dashboard"),
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
