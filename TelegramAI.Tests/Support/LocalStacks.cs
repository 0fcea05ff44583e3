using TelegramAI.Aws.CloudFormation;
using TelegramAI.Aws.CloudFormation.Model;

namespace TelegramAI.Tests.Support;

/// <summary>Creates resources in moto the way production does: through a CloudFormation stack.</summary>
public static class LocalStacks
{
    /// <summary>A jobs queue, a launch template and an Auto Scaling group with the given desired capacity.</summary>
    public static string WorkerGroupTemplate(int desiredCapacity, int maxSize = 10) => $$"""
        {
          "Resources": {
            "Jobs": { "Type": "AWS::SQS::Queue", "Properties": {} },
            "WorkerLaunchTemplate": { "Type": "AWS::EC2::LaunchTemplate", "Properties": { "LaunchTemplateData": { "ImageId": "ami-12345678", "InstanceType": "t3.micro" } } },
            "Workers": {
              "Type": "AWS::AutoScaling::AutoScalingGroup",
              "Properties": {
                "MinSize": "0", "MaxSize": "{{maxSize}}", "DesiredCapacity": "{{desiredCapacity}}",
                "AvailabilityZones": ["us-east-1a"],
                "LaunchTemplate": { "LaunchTemplateId": { "Ref": "WorkerLaunchTemplate" }, "Version": { "Fn::GetAtt": ["WorkerLaunchTemplate", "LatestVersionNumber"] } }
              }
            }
          },
          "Outputs": {
            "JobsQueueUrl": { "Value": { "Ref": "Jobs" } },
            "JobsQueueName": { "Value": { "Fn::GetAtt": ["Jobs", "QueueName"] } },
            "WorkerGroupName": { "Value": { "Ref": "Workers" } }
          }
        }
        """;

    /// <summary>Creates the stack, waits until it is complete, and returns its outputs.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> DeployAsync(ICloudFormationClient cloudFormation, string stackName, string template, CancellationToken cancellationToken)
    {
        var stack = await cloudFormation.CreateStackAndWaitAsync(
            new CreateStackRequest { StackName = stackName, TemplateBody = template, Capabilities = ["CAPABILITY_NAMED_IAM"] },
            TimeSpan.FromSeconds(60),
            cancellationToken);
        return stack.Outputs.ToDictionary(o => o.OutputKey, o => o.OutputValue);
    }
}
