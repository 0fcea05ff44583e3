using System.Text.Json.Nodes;
using TelegramAI.Contracts.Downloads;
using TelegramAI.Contracts.Scaling;
using static TelegramAI.Deployment.ProductionTemplate;

namespace TelegramAI.Deployment;

/// <summary>
/// One role and instance profile per service, each allowed only the calls that service makes.
/// The bot host runs two services but an instance has one profile: it carries the Bot role,
/// and the MetricSender container assumes its own role through a shared-config profile.
/// </summary>
internal static class Roles
{
    /// <summary>
    /// Gives Session Manager access: the instances have no ingress and no SSH key, so this is
    /// the only way to look inside one.
    /// </summary>
    private const string SessionManagerPolicy = "arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore";

    private const string MetricSender = "metric-sender";

    /// <summary>The bot group's name, written out: a reference from the role that its instances carry would be circular.</summary>
    public const string BotGroupNameSub = "${AWS::StackName}-bot";

    private static readonly string[] ConsumeQueue =
        ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"];

    public static JsonObject Build() => new()
    {
        [Resources.BotRole] = Role("bot", Ec2Trust(), withSessionManager: true,
        [
            // GetQueueAttributes and GetQueueUrl: the bot checks at start that its queues exist and answer.
            Allow(["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"], [QueueArn(Resources.JobsQueue)]),
            Allow(ConsumeQueue, [QueueArn(Resources.ResultsQueue)]),
            // To presign the download links it sends to users.
            Allow(["s3:GetObject"], [ObjectsArn()]),
            Allow(["secretsmanager:GetSecretValue"], [Fn.Ref(Resources.BotTokenSecret)]),
            Allow(["sts:AssumeRole"], [MetricSenderRoleArn()]),
            // Each bot instance attaches the state volume at boot: that volume, to instances of the bot's own group.
            Allow(["ec2:AttachVolume"], [Fn.Sub("arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:volume/${" + Resources.BotStateVolume + "}")]),
            Allow(["ec2:AttachVolume"], [Fn.Sub("arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/*")], new JsonObject
            {
                ["StringEquals"] = new JsonObject { ["aws:ResourceTag/aws:autoscaling:groupName"] = Fn.Sub(BotGroupNameSub) },
            }),
            // To see whether the old instance still holds the volume; the API takes no resource.
            Allow(["ec2:DescribeVolumes"], ["*"]),
            // The host's watchdog reports a hung container's instance Unhealthy; the group replaces it.
            Allow(["autoscaling:SetInstanceHealth"], [WorkerScaling.GroupArn(BotGroupNameSub)]),
            .. PullImages(BotRepository, MetricSenderRepository),
            WriteLogs(),
        ]),
        [Resources.BotInstanceProfile] = InstanceProfile("bot", Resources.BotRole),

        [Resources.WorkerRole] = Role("worker", Ec2Trust(), withSessionManager: true,
        [
            Allow(ConsumeQueue, [QueueArn(Resources.JobsQueue)]),
            Allow(["sqs:SendMessage"], [QueueArn(Resources.ResultsQueue), QueueArn(Resources.JobsDeadLetterQueue)]),
            Allow(["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"], [ObjectsArn()]),
            // Without ListBucket, HeadObject on a missing key answers 403 instead of 404.
            Allow(["s3:ListBucket"], [Fn.GetAtt(Resources.VideoBucket, "Arn")]),
            // A job lets go of its download lease (one download per video) by deleting it; videos are never deleted.
            Allow(["s3:DeleteObject"], [Fn.Sub("${" + Resources.VideoBucket + ".Arn}/leases/*")]),
            .. SiteAccess.WorkerPermissions(),
            // PutMetricData takes no resource; it is narrowed to the namespaces the workers publish to.
            Allow(["cloudwatch:PutMetricData"], ["*"], new JsonObject
            {
                ["StringEquals"] = new JsonObject { ["cloudwatch:namespace"] = new JsonArray(BotCheckMetric.Namespace, JobMetrics.Namespace) },
            }),
            WorkerScaling.WorkerPermissions(),
            .. PullImages(WorkerRepository),
            WriteLogs(),
        ]),
        [Resources.WorkerInstanceProfile] = InstanceProfile("worker", Resources.WorkerRole),

        // Trusts EC2 too, so the MetricSender can move to an instance of its own.
        [Resources.MetricSenderRole] = Role(MetricSender, MetricSenderTrust(), withSessionManager: false,
        [
            Allow(["sqs:GetQueueAttributes", "sqs:GetQueueUrl"], [QueueArn(Resources.JobsQueue)]),
            // Neither API takes a resource; PutMetricData is narrowed to our namespace instead.
            Allow(["autoscaling:DescribeAutoScalingGroups"], ["*"]),
            Allow(["cloudwatch:PutMetricData"], ["*"], new JsonObject
            {
                ["StringEquals"] = new JsonObject { ["cloudwatch:namespace"] = ScalingMetric.DefaultNamespace },
            }),
        ]),
        [Resources.MetricSenderInstanceProfile] = InstanceProfile(MetricSender, Resources.MetricSenderRole),
    };

    /// <summary>
    /// Built from the name rather than GetAtt: the MetricSender role's trust names the Bot role,
    /// so a GetAtt back would be a circular dependency.
    /// </summary>
    private static JsonObject MetricSenderRoleArn() =>
        Fn.Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${AWS::StackName}-" + MetricSender);

    private static JsonObject Role(string service, JsonObject trust, bool withSessionManager, JsonObject[] statements)
    {
        var properties = new JsonObject
        {
            ["RoleName"] = Fn.StackName(service),
            ["AssumeRolePolicyDocument"] = trust,
            ["Policies"] = new JsonArray(new JsonObject
            {
                ["PolicyName"] = service,
                ["PolicyDocument"] = new JsonObject
                {
                    ["Version"] = "2012-10-17",
                    ["Statement"] = new JsonArray(statements),
                },
            }),
        };
        if (withSessionManager)
        {
            properties["ManagedPolicyArns"] = new JsonArray(Fn.Sub(SessionManagerPolicy));
        }

        return new JsonObject { ["Type"] = "AWS::IAM::Role", ["Properties"] = properties };
    }

    private static JsonObject InstanceProfile(string service, string role) => new()
    {
        ["Type"] = "AWS::IAM::InstanceProfile",
        ["Properties"] = new JsonObject
        {
            ["InstanceProfileName"] = Fn.StackName(service),
            ["Roles"] = new JsonArray(Fn.Ref(role)),
        },
    };

    private static JsonObject Ec2Trust() => Trust(new JsonObject { ["Service"] = "ec2.amazonaws.com" });

    private static JsonObject MetricSenderTrust() => Trust(new JsonObject
    {
        ["Service"] = "ec2.amazonaws.com",
        ["AWS"] = Fn.GetAtt(Resources.BotRole, "Arn"),
    });

    private static JsonObject Trust(JsonObject principal) => new()
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Effect"] = "Allow",
            ["Principal"] = principal,
            ["Action"] = "sts:AssumeRole",
        }),
    };

    internal static JsonObject Allow(string[] actions, JsonNode[] resources, JsonObject? condition = null)
    {
        var statement = new JsonObject
        {
            ["Effect"] = "Allow",
            ["Action"] = new JsonArray([.. actions.Select(action => JsonValue.Create(action))]),
            ["Resource"] = new JsonArray(resources),
        };
        if (condition is not null)
        {
            statement["Condition"] = condition;
        }

        return statement;
    }

    private static JsonObject[] PullImages(params string[] repositories) =>
    [
        // The registry login token is account-wide: the API takes no resource.
        Allow(["ecr:GetAuthorizationToken"], ["*"]),
        Allow(
            ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
            [.. repositories.Select(repository =>
                Fn.Sub("arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/" + repository))]),
    ];

    private static JsonObject WriteLogs() =>
        Allow(["logs:CreateLogStream", "logs:PutLogEvents"], [Fn.GetAtt(Resources.ServiceLogs, "Arn")]);

    private static JsonObject QueueArn(string queue) => Fn.GetAtt(queue, "Arn");

    private static JsonObject ObjectsArn() => Fn.Sub("${" + Resources.VideoBucket + ".Arn}/*");
}
