using System.Text.Json.Nodes;
using TelegramAI.Contracts.Downloads;
using static TelegramAI.Deployment.ProductionTemplate;

namespace TelegramAI.Deployment;

/// <summary>
/// What the workers need when sites refuse a cloud server ("Sign in to confirm you're not a bot"): two
/// secrets the operator fills, yt-dlp's cookies and its proxy, which a worker reads when it boots and which
/// only the worker role may read; and the alarm on <see cref="BotCheckMetric"/> that tells the operator so.
/// </summary>
internal static class SiteAccess
{
    public const string CookiesSecret = "YtDlpCookiesSecret";
    public const string ProxySecret = "YtDlpProxySecret";
    public const string CookiesSecretPolicy = "YtDlpCookiesSecretPolicy";
    public const string ProxySecretPolicy = "YtDlpProxySecretPolicy";
    public const string BotCheckAlarm = nameof(BotCheckAlarm);
    public const string BotCheckAlarmSuffix = "sites-refuse-workers";

    /// <summary>What a secret holds until the operator puts a value in: the workers then run without it.</summary>
    public const string Unset = "unset";

    /// <summary>Refusals within <see cref="AlarmPeriodSeconds"/> that raise the alarm: one job refused on both its attempts.</summary>
    public const int AlarmThreshold = 2;

    public const int AlarmPeriodSeconds = 300;

    public static JsonObject Resources() => new()
    {
        [CookiesSecret] = Secret(
            "yt-dlp-cookies",
            "Cookies for yt-dlp, the text of a Netscape cookies.txt of a signed-in account; workers read it when they boot. "
            + $"'{Unset}' for none."),
        [CookiesSecretPolicy] = OnlyWorkersRead(CookiesSecret),
        [ProxySecret] = Secret(
            "yt-dlp-proxy",
            $"Proxy URL for yt-dlp (http://user:password@host:port or socks5://host:port); workers read it when they boot. '{Unset}' for none."),
        [ProxySecretPolicy] = OnlyWorkersRead(ProxySecret),
        [BotCheckAlarm] = new JsonObject
        {
            ["Type"] = "AWS::CloudWatch::Alarm",
            ["Properties"] = new JsonObject
            {
                ["AlarmName"] = Fn.StackName(BotCheckAlarmSuffix),
                ["AlarmDescription"] = Fn.Sub(
                    "Sites refuse the workers with their bot check (YouTube: Sign in to confirm you are not a bot), and users are told so. "
                    + "Put the cookies of a signed-in account in the secret ${AWS::StackName}/yt-dlp-cookies, or a proxy in "
                    + "${AWS::StackName}/yt-dlp-proxy, then replace the workers (see deploy/README.md)."),
                ["Namespace"] = BotCheckMetric.Namespace,
                ["MetricName"] = BotCheckMetric.MetricName,
                ["Dimensions"] = new JsonArray(new JsonObject
                {
                    ["Name"] = BotCheckMetric.DimensionName,
                    ["Value"] = Fn.GetAtt(ProductionTemplate.Resources.JobsQueue, "QueueName"),
                }),
                ["Statistic"] = "Sum",
                ["Period"] = AlarmPeriodSeconds,
                ["EvaluationPeriods"] = 1,
                ["Threshold"] = AlarmThreshold,
                ["ComparisonOperator"] = "GreaterThanOrEqualToThreshold",
                ["TreatMissingData"] = "notBreaching",
            },
        },
    };

    /// <summary>The worker role's part: read both secrets (the refusals it counts go to <see cref="BotCheckMetric.Namespace"/>, which the role allows).</summary>
    public static JsonObject[] WorkerPermissions() =>
    [
        Roles.Allow(["secretsmanager:GetSecretValue"], [Fn.Ref(CookiesSecret), Fn.Ref(ProxySecret)]),
    ];

    /// <summary>
    /// Worker user data (an Fn::Sub template) that reads both secrets and leaves in <c>$site_access</c> the
    /// <c>docker run</c> arguments that hand them to the worker: the cookies as a read-only file, the proxy
    /// through an env file, so neither shows in the process list. A secret that cannot be read counts as unset.
    /// </summary>
    public static string ReadSecretsScript => $$"""
        install -d -m 700 /etc/telegramai
        site_access=""
        read_secret() {
          aws secretsmanager get-secret-value --region ${AWS::Region} --secret-id "$1" --query SecretString --output text \
            || { echo "Could not read the secret $1; the worker runs without it" >&2; echo {{Unset}}; }
        }
        cookies=$(read_secret ${{{CookiesSecret}}})
        if [ "$cookies" != {{Unset}} ]; then
          # 1654 is the image's app user; yt-dlp gets a copy of the file for each run.
          (umask 077 && printf '%s\n' "$cookies" > /etc/telegramai/yt-dlp-cookies.txt)
          chown 1654:1654 /etc/telegramai/yt-dlp-cookies.txt
          site_access="$site_access -v /etc/telegramai/yt-dlp-cookies.txt:/run/telegramai/yt-dlp-cookies.txt:ro -e Downloads__CookiesFile=/run/telegramai/yt-dlp-cookies.txt"
        fi
        proxy=$(read_secret ${{{ProxySecret}}})
        if [ "$proxy" != {{Unset}} ]; then
          (umask 077 && printf 'Downloads__Proxy=%s\n' "$proxy" > /etc/telegramai/yt-dlp-proxy.env)
          site_access="$site_access --env-file /etc/telegramai/yt-dlp-proxy.env"
        fi
        """;

    private static JsonObject Secret(string name, string description) => new()
    {
        ["Type"] = "AWS::SecretsManager::Secret",
        ["Properties"] = new JsonObject
        {
            ["Name"] = Fn.Sub("${AWS::StackName}/" + name),
            ["Description"] = description,
            // The operator's value replaces it; stack updates leave a value they did not change alone.
            ["SecretString"] = Unset,
        },
    };

    /// <summary>Nobody but the worker role reads the secret, whatever their own policies allow; writing it stays open to the operator.</summary>
    private static JsonObject OnlyWorkersRead(string secret) => new()
    {
        ["Type"] = "AWS::SecretsManager::ResourcePolicy",
        ["Properties"] = new JsonObject
        {
            ["SecretId"] = Fn.Ref(secret),
            ["BlockPublicPolicy"] = true,
            ["ResourcePolicy"] = new JsonObject
            {
                ["Version"] = "2012-10-17",
                ["Statement"] = new JsonArray(new JsonObject
                {
                    ["Sid"] = "OnlyTheWorkersRead",
                    ["Effect"] = "Deny",
                    ["Principal"] = new JsonObject { ["AWS"] = "*" },
                    ["Action"] = "secretsmanager:GetSecretValue",
                    ["Resource"] = "*",
                    ["Condition"] = new JsonObject
                    {
                        ["ArnNotEquals"] = new JsonObject { ["aws:PrincipalArn"] = Fn.GetAtt(ProductionTemplate.Resources.WorkerRole, "Arn") },
                    },
                }),
            },
        },
    };
}
