namespace TelegramAI.Aws.Runtime;

/// <summary>
/// What a client needs to know about one AWS service: its SDK service id (which names the
/// <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> variable), its signing name and its host prefix.
/// </summary>
public sealed record AwsService(string ServiceId, string SigningName, string EndpointPrefix)
{
    public static readonly AwsService Sqs = new("SQS", "sqs", "sqs");
    public static readonly AwsService CloudWatch = new("CloudWatch", "monitoring", "monitoring");
    public static readonly AwsService AutoScaling = new("Auto Scaling", "autoscaling", "autoscaling");
    public static readonly AwsService CloudFormation = new("CloudFormation", "cloudformation", "cloudformation");
    public static readonly AwsService S3 = new("S3", "s3", "s3");
    public static readonly AwsService Ec2 = new("EC2", "ec2", "ec2");

    /// <summary>The service-specific endpoint variable, for example <c>AWS_ENDPOINT_URL_AUTO_SCALING</c>.</summary>
    public string EndpointVariable => "AWS_ENDPOINT_URL_" + ServiceId.ToUpperInvariant().Replace(' ', '_');
}
