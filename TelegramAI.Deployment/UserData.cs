using System.Text.Json.Nodes;
using TelegramAI.Contracts.Scaling;
using static TelegramAI.Deployment.ProductionTemplate;

namespace TelegramAI.Deployment;

/// <summary>
/// First-boot scripts for Amazon Linux 2023, as Fn::Sub templates: <c>${Name}</c> is filled in by
/// CloudFormation, so the shell side uses only unbraced <c>$variables</c>.
/// </summary>
internal static class UserData
{
    private const string InstallDocker = """
        #!/bin/bash
        set -euo pipefail
        dnf install -y docker
        systemctl enable --now docker
        """;

    private const string LoginToRegistry =
        "aws ecr get-login-password --region ${AWS::Region} | docker login --username AWS --password-stdin ${ContainerRegistry}";

    /// <summary>Container output goes to the stack's log group, one stream per container.</summary>
    private static string LogTo(string service) =>
        $"--log-driver awslogs --log-opt awslogs-region=${{AWS::Region}} --log-opt awslogs-group=${{{Resources.ServiceLogs}}} --log-opt tag={service}/{{{{.ID}}}}";

    /// <summary>
    /// The bot host installs a systemd unit that reads the token and (re)starts both containers
    /// on every boot, so rotating the token is: update the secret, then reboot or restart the unit.
    /// </summary>
    public static JsonObject BotHost() => Fn.Sub($$"""
        {{InstallDocker}}
        install -d -m 755 /etc/telegramai
        # The MetricSender's own role, assumed with the host's (Bot role) credentials.
        cat > /etc/telegramai/metric-sender.aws-config <<'EOF'
        [profile metric-sender]
        role_arn = ${{{Resources.MetricSenderRole}}.Arn}
        credential_source = Ec2InstanceMetadata
        role_session_name = metric-sender
        EOF
        cat > /usr/local/bin/telegramai-start <<'EOF'
        #!/bin/bash
        set -euo pipefail
        {{LoginToRegistry}}
        umask 077
        token=$(aws secretsmanager get-secret-value --region ${AWS::Region} --secret-id ${{{Resources.BotTokenSecret}}} --query SecretString --output text)
        # An env file keeps the token out of the process list.
        printf 'Telegram__BotToken=%s\n' "$token" > /etc/telegramai/bot-token.env
        # A graceful stop lets the bot confirm what it handled; its ledger lives on the host, so a new
        # container (a new image, a rotated token) redelivers nothing twice. 1654 is the images' app user.
        docker stop -t 30 bot metric-sender || true
        docker rm -f bot metric-sender || true
        install -d -m 700 -o 1654 -g 1654 /var/lib/telegramai/bot
        docker run -d --name bot --restart unless-stopped --stop-timeout 30 {{LogTo("bot")}} \
          -v /var/lib/telegramai/bot:/var/lib/telegramai/bot \
          -e Bot__StateDirectory=/var/lib/telegramai/bot \
          --env-file /etc/telegramai/bot-token.env \
          -e AWS_REGION=${AWS::Region} \
          -e Queues__Jobs=${{{Resources.JobsQueue}}} \
          -e Queues__Results=${{{Resources.ResultsQueue}}} \
          -e Storage__Bucket=${{{Resources.VideoBucket}}} \
          ${ContainerRegistry}/{{BotRepository}}:${BotImageTag}
        docker run -d --name metric-sender --restart unless-stopped {{LogTo("metric-sender")}} \
          -v /etc/telegramai/metric-sender.aws-config:/etc/aws/config:ro \
          -e AWS_CONFIG_FILE=/etc/aws/config \
          -e AWS_PROFILE=metric-sender \
          -e AWS_REGION=${AWS::Region} \
          -e Scaling__Targets__0__Queue=${{{Resources.JobsQueue}}} \
          -e Scaling__Targets__0__AutoScalingGroup=${{{Resources.WorkerGroup}}} \
          -e Scaling__Namespace={{ScalingMetric.DefaultNamespace}} \
          -e Scaling__MetricName={{ScalingMetric.DefaultMetricName}} \
          ${ContainerRegistry}/{{MetricSenderRepository}}:${MetricSenderImageTag}
        EOF
        chmod 755 /usr/local/bin/telegramai-start
        cat > /etc/systemd/system/telegramai.service <<'EOF'
        [Unit]
        Description=TelegramAI bot and MetricSender containers
        Requires=docker.service
        After=docker.service network-online.target
        Wants=network-online.target

        [Service]
        Type=oneshot
        RemainAfterExit=yes
        ExecStart=/usr/local/bin/telegramai-start

        [Install]
        WantedBy=multi-user.target
        EOF
        systemctl daemon-reload
        systemctl enable --now telegramai.service

        """);

    /// <summary>A worker starts consuming jobs on its own as soon as the group launches it.</summary>
    public static JsonObject Worker() => Fn.Sub($$"""
        {{InstallDocker}}
        {{LoginToRegistry}}
        {{SiteAccess.ReadSecretsScript}}
        # Scale-in stops the container: a running job gets Worker__ShutdownGrace (30 s) and its
        # message is then handed back, both well inside the stop timeout.
        docker run -d --name worker --restart unless-stopped --stop-timeout 60 {{LogTo("worker")}} $site_access \
          -e AWS_REGION=${AWS::Region} \
          -e Queues__Jobs=${{{Resources.JobsQueue}}} \
          -e Queues__Results=${{{Resources.ResultsQueue}}} \
          -e Storage__Bucket=${{{Resources.VideoBucket}}} \
          ${ContainerRegistry}/{{WorkerRepository}}:${WorkerImageTag}

        """);
}
