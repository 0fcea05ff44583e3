using System.Text.Json.Nodes;
using TelegramAI.Deployment;
using TelegramAI.Contracts.Downloads;
using static TelegramAI.Deployment.ProductionTemplate;

namespace TelegramAI.Tests.Deployment;

/// <summary>The template's part in getting past sites that refuse cloud servers: secrets, permissions, alarm.</summary>
public sealed class SiteAccessTemplateTests
{
    [Fact]
    public void The_bot_check_alarm_reads_the_metric_the_workers_publish_for_this_stacks_jobs_queue()
    {
        var alarm = EmittedTemplate.Properties(SiteAccess.BotCheckAlarm);

        alarm["Namespace"]!.GetValue<string>().ShouldBe(BotCheckMetric.Namespace);
        alarm["MetricName"]!.GetValue<string>().ShouldBe(BotCheckMetric.MetricName);
        var dimension = alarm["Dimensions"]!.AsArray().ShouldHaveSingleItem()!;
        dimension["Name"]!.GetValue<string>().ShouldBe(BotCheckMetric.DimensionName);
        JsonNode.DeepEquals(dimension["Value"], Fn.GetAtt(Resources.JobsQueue, "QueueName")).ShouldBeTrue();
        alarm["Statistic"]!.GetValue<string>().ShouldBe("Sum");
        alarm["ComparisonOperator"]!.GetValue<string>().ShouldBe("GreaterThanOrEqualToThreshold");
        alarm["Threshold"]!.GetValue<int>().ShouldBe(SiteAccess.AlarmThreshold);
        alarm["TreatMissingData"]!.GetValue<string>().ShouldBe("notBreaching");
        EmittedTemplate.Strings(alarm["AlarmDescription"]).Single().ShouldContain("${AWS::StackName}/yt-dlp-cookies");
    }

    [Fact]
    public void Only_the_worker_role_may_read_the_cookies_and_proxy_secrets()
    {
        var secrets = new[] { SiteAccess.CookiesSecret, SiteAccess.ProxySecret };
        foreach (var (name, role) in EmittedTemplate.ResourcesOfType("AWS::IAM::Role"))
        {
            var readable = Statements(role).Where(s => Actions(s).Contains("secretsmanager:GetSecretValue")).SelectMany(s => s["Resource"]!.AsArray());
            var readsThem = secrets.Where(secret => readable.Any(resource => JsonNode.DeepEquals(resource, Fn.Ref(secret)))).ToList();
            readsThem.ShouldBe(name == Resources.WorkerRole ? [.. secrets] : new List<string>(), customMessage: name);
        }

        foreach (var (secret, policy) in new[] { (SiteAccess.CookiesSecret, SiteAccess.CookiesSecretPolicy), (SiteAccess.ProxySecret, SiteAccess.ProxySecretPolicy) })
        {
            var properties = EmittedTemplate.Properties(policy);
            JsonNode.DeepEquals(properties["SecretId"], Fn.Ref(secret)).ShouldBeTrue();
            var deny = properties["ResourcePolicy"]!["Statement"]!.AsArray().ShouldHaveSingleItem()!;
            deny["Effect"]!.GetValue<string>().ShouldBe("Deny");
            deny["Action"]!.GetValue<string>().ShouldBe("secretsmanager:GetSecretValue");
            JsonNode.DeepEquals(deny["Condition"]!["ArnNotEquals"]!["aws:PrincipalArn"], Fn.GetAtt(Resources.WorkerRole, "Arn")).ShouldBeTrue();
            EmittedTemplate.Properties(secret)["SecretString"]!.GetValue<string>().ShouldBe(SiteAccess.Unset);
        }
    }

    [Fact]
    public void The_worker_role_publishes_only_to_the_bot_check_and_job_timing_namespaces_and_deletes_only_download_leases()
    {
        var statements = Statements(EmittedTemplate.Resource(Resources.WorkerRole)).ToList();

        var putMetricData = statements.Single(s => Actions(s).Contains("cloudwatch:PutMetricData"));
        putMetricData["Condition"]!["StringEquals"]!["cloudwatch:namespace"]!.AsArray().Select(n => n!.GetValue<string>())
            .ShouldBe([BotCheckMetric.Namespace, TelegramAI.Contracts.Scaling.JobMetrics.Namespace]);
        var delete = statements.Single(s => Actions(s).Contains("s3:DeleteObject"));
        EmittedTemplate.Strings(delete["Resource"]).ShouldBe(["${VideoBucket.Arn}/leases/*"]);
    }

    [Fact]
    public void A_worker_hands_the_secrets_to_its_container_as_a_file_and_an_env_file_never_on_the_command_line()
    {
        var script = EmittedTemplate.Properties(Resources.WorkerLaunchTemplate)["LaunchTemplateData"]!["UserData"]!["Fn::Base64"]!["Fn::Sub"]!
            .GetValue<string>();

        script.ShouldContain("--secret-id \"$1\"");
        script.ShouldContain("$(read_secret ${" + SiteAccess.CookiesSecret + "})");
        script.ShouldContain("$(read_secret ${" + SiteAccess.ProxySecret + "})");
        script.ShouldContain("-e Downloads__CookiesFile=/run/telegramai/yt-dlp-cookies.txt");
        script.ShouldContain("printf 'Downloads__Proxy=%s\\n' \"$proxy\" > /etc/telegramai/yt-dlp-proxy.env");
        script.ShouldContain("--env-file /etc/telegramai/yt-dlp-proxy.env");
        script.ShouldNotContain("-e Downloads__Proxy");
        script.ShouldContain("$site_access");
    }

    private static IEnumerable<JsonObject> Statements(JsonObject role) =>
        role["Properties"]!["Policies"]!.AsArray()
            .SelectMany(policy => policy!["PolicyDocument"]!["Statement"]!.AsArray())
            .Select(statement => statement!.AsObject());

    private static List<string> Actions(JsonObject statement) =>
        statement["Action"] is JsonArray array ? [.. array.Select(a => a!.GetValue<string>())] : [statement["Action"]!.GetValue<string>()];
}
