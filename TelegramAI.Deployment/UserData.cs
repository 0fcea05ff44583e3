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

    /// <summary>
    /// Docker restarts a container that exits, not one that hangs. Once a minute (a systemd timer) the watchdog looks at
    /// each container's health, which the image's HEALTHCHECK (the service's own <c>--health-probe</c> on its
    /// <c>/health</c>) keeps; a container unhealthy or gone five times in a row gets the instance reported Unhealthy to
    /// its Auto Scaling group, which replaces it. A plain string: the shell's and docker's braces stay as they are.
    /// </summary>
    private const string WatchdogScript = """
        cat > /usr/local/bin/telegramai-watchdog <<'EOF'
        #!/bin/bash
        set -uo pipefail
        for container in "$@"; do
          health=$(docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$container" 2>/dev/null || echo gone)
          strikes=/run/telegramai-watchdog.$container
          case "$health" in
            healthy|starting) rm -f "$strikes"; continue ;;
          esac
          count=$(( $(cat "$strikes" 2>/dev/null || echo 0) + 1 ))
          echo "$count" > "$strikes"
          echo "$container is $health ($count in a row)"
          if [ "$count" -ge 5 ]; then
            token=$(curl -sf -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60')
            instance=$(curl -sf -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/instance-id)
            aws autoscaling set-instance-health --region ${AWS::Region} --instance-id "$instance" --health-status Unhealthy --no-should-respect-grace-period
          fi
        done
        EOF
        chmod 755 /usr/local/bin/telegramai-watchdog
        """;

    /// <summary>The watchdog's timer, from ten minutes after boot (images pulled, containers up), every minute.</summary>
    private static string Watchdog(string containers) => $$"""
        {{WatchdogScript}}
        cat > /etc/systemd/system/telegramai-watchdog.service <<'EOF'
        [Unit]
        Description=Reports this instance Unhealthy when a TelegramAI container stays unhealthy
        [Service]
        Type=oneshot
        ExecStart=/usr/local/bin/telegramai-watchdog {{containers}}
        EOF
        cat > /etc/systemd/system/telegramai-watchdog.timer <<'EOF'
        [Unit]
        Description=Checks the TelegramAI containers' health every minute
        [Timer]
        OnBootSec=10min
        OnUnitActiveSec=1min
        [Install]
        WantedBy=timers.target
        EOF
        systemctl daemon-reload
        systemctl enable --now telegramai-watchdog.timer
        """;

    /// <summary>
    /// Attaches the bot's state volume and mounts it at /var/lib/telegramai, on every boot. The previous bot instance
    /// may still hold the volume while it terminates, so the script waits for it (up to 10 minutes); a blank volume
    /// gets a file system.
    /// </summary>
    private const string MountStateVolume = """
        cat > /usr/local/bin/telegramai-state <<'EOF'
        #!/bin/bash
        set -euo pipefail
        volume=${BotStateVolume}
        token=$(curl -sf -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')
        instance=$(curl -sf -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/instance-id)
        device=/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_$(echo "$volume" | tr -d -)
        for attempt in $(seq 1 120); do
          holder=$(aws ec2 describe-volumes --region ${AWS::Region} --volume-ids "$volume" --query 'Volumes[0].Attachments[0].InstanceId' --output text)
          [ "$holder" = "$instance" ] && [ -e "$device" ] && break
          if [ "$holder" = None ]; then
            aws ec2 attach-volume --region ${AWS::Region} --volume-id "$volume" --instance-id "$instance" --device /dev/sdf >/dev/null || true
          else
            echo "State volume $volume is held by $holder; waiting"
          fi
          sleep 5
        done
        [ -e "$device" ] || { echo "State volume $volume did not attach to $instance" >&2; exit 1; }
        blkid "$device" >/dev/null || mkfs -t xfs "$device"
        install -d /var/lib/telegramai
        mountpoint -q /var/lib/telegramai || mount "$device" /var/lib/telegramai
        EOF
        chmod 755 /usr/local/bin/telegramai-state
        """;

    /// <summary>Container output goes to the stack's log group, one stream per container.</summary>
    private static string LogTo(string service) =>
        $"--log-driver awslogs --log-opt awslogs-region=${{AWS::Region}} --log-opt awslogs-group=${{{Resources.ServiceLogs}}} --log-opt tag={service}/{{{{.ID}}}}";

    /// <summary>
    /// The bot host installs a systemd unit that mounts the state volume, reads the token and (re)starts both
    /// containers on every boot, so rotating the token is: update the secret, then restart the unit.
    /// </summary>
    public static JsonObject BotHost() => Fn.Sub($$"""
        {{InstallDocker}}
        {{MountStateVolume}}
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
        /usr/local/bin/telegramai-state
        {{LoginToRegistry}}
        umask 077
        token=$(aws secretsmanager get-secret-value --region ${AWS::Region} --secret-id ${{{Resources.BotTokenSecret}}} --query SecretString --output text)
        # An env file keeps the token out of the process list.
        printf 'Telegram__BotToken=%s\n' "$token" > /etc/telegramai/bot-token.env
        # A graceful stop lets the bot confirm what it handled; its ledger lives on the state volume, so a new
        # container or a new instance (a new image, a rotated token, a replacement) redelivers nothing twice.
        # 1654 is the images' app user.
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
          -e Scaling__Targets__0__BacklogPerInstanceTarget=${{{Parameters.BacklogPerInstanceTarget}}} \
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
        {{Watchdog("bot metric-sender")}}

        """);

    /// <summary>
    /// A worker starts consuming jobs on its own as soon as the group launches it. It knows its group (for scale-in
    /// protection, instance health) and the group's termination hook (to release its jobs and complete it).
    /// </summary>
    public static JsonObject Worker() => Fn.Sub($$"""
        {{InstallDocker}}
        {{LoginToRegistry}}
        {{SiteAccess.ReadSecretsScript}}
        # The group's termination hook makes the worker release its jobs at once; a plain stop (shutdown) gives a running
        # job Worker__ShutdownGrace (30 s) before its message is handed back, both well inside the stop timeout.
        docker run -d --name worker --restart unless-stopped --stop-timeout 60 {{LogTo("worker")}} $site_access \
          -e AWS_REGION=${AWS::Region} \
          -e Queues__Jobs=${{{Resources.JobsQueue}}} \
          -e Queues__Results=${{{Resources.ResultsQueue}}} \
          -e Storage__Bucket=${{{Resources.VideoBucket}}} \
          -e AutoScaling__GroupName={{WorkerScaling.GroupNameSub}} \
          -e AutoScaling__TerminationHookName={{WorkerScaling.TerminationHookName}} \
          ${ContainerRegistry}/{{WorkerRepository}}:${WorkerImageTag}
        {{Watchdog("worker")}}

        """);
}
