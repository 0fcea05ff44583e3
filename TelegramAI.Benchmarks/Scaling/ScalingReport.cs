using System.Globalization;
using TelegramAI.Benchmarks.Scaling.Policies;
using TelegramAI.Contracts.Scaling;

namespace TelegramAI.Benchmarks.Scaling;

/// <summary>One trace replayed under one policy, beside the trace's optimum.</summary>
public sealed record ScalingRow(TraceKind Trace, int Jobs, OptimumBounds Optimum, string Policy, SimulationResult Result, TimeSpan WaitTarget)
{
    /// <summary>The policy's instance time over the optimum's lower bound: the policy is at most this far from the optimum.</summary>
    public double Ratio => Result.InstanceSeconds / Optimum.LowerBound;

    public double P50Wait => Result.WaitPercentile(0.50);

    public double P95Wait => Result.WaitPercentile(0.95);

    public bool WithinTarget => P95Wait <= WaitTarget.TotalSeconds && Result.Lost == 0;
}

/// <summary>Every trace under every policy, and the verdict on the policy the template deploys.</summary>
public sealed class ScalingReport
{
    private ScalingReport(ScalingSettings settings, JobTimes times, IReadOnlyList<ScalingRow> rows)
    {
        Settings = settings;
        Times = times;
        Rows = rows;
    }

    public ScalingSettings Settings { get; }

    public JobTimes Times { get; }

    public IReadOnlyList<ScalingRow> Rows { get; }

    public const string TargetTrackingName = "target tracking";
    public const string CapacityGapName = "capacity gap steps";

    /// <summary>
    /// The policies compared: plain target tracking with the step policy for an empty group (the template before),
    /// and the template's step policies on CapacityGap, last.
    /// </summary>
    public static IReadOnlyList<SimulatedPolicies> Policies(ScalingSettings settings)
    {
        var target = settings.BacklogPerInstanceTarget;
        return
        [
            new SimulatedPolicies(TargetTrackingName, () =>
            [
                new TargetTrackingPolicy(new TargetTracking(target, settings.Min, settings.Max), settings.Warmup),
                new ScaleOutFromZeroPolicy(settings.Warmup),
            ]),
            new SimulatedPolicies(CapacityGapName, () => CapacityGapPolicies.Create(target)),
        ];
    }

    public static ScalingReport Run(ScalingSettings settings)
    {
        var times = new JobTimes(settings.MeanJob, settings.P95Job);
        var traces = new ArrivalTraces(settings.JobsPerMinute, settings.BurstJobs, times, settings.Length);
        var model = new GroupModel(settings.Boot, settings.Min, settings.Max, Protected: !settings.Unprotected);
        var policies = Policies(settings);
        var kinds = Enum.GetValues<TraceKind>();

        var rows = new ScalingRow[kinds.Length, policies.Count];
        Parallel.For(0, kinds.Length, k =>
        {
            var jobs = traces.Generate(kinds[k]);
            var optimum = ClairvoyantOptimum.Compute(jobs, settings.LatencyTarget, settings.Boot);
            // No reactive policy can beat a boot onto an empty group, so there the target allows one.
            var waitTarget = kinds[k] == TraceKind.Burst ? settings.LatencyTarget + settings.Boot : settings.LatencyTarget;
            for (var p = 0; p < policies.Count; p++)
            {
                var result = new GroupSimulation(model, policies[p], jobs).Run(settings.Length);
                rows[k, p] = new ScalingRow(kinds[k], jobs.Count, optimum, policies[p].Name, result, waitTarget);
            }
        });

        return new ScalingReport(settings, times, [.. Enumerable.Range(0, kinds.Length).SelectMany(k => Enumerable.Range(0, policies.Count).Select(p => rows[k, p]))]);
    }

    /// <summary>The rows of the policy the template deploys.</summary>
    public IReadOnlyList<ScalingRow> TemplateRows => Rows.Where(row => row.Policy == Rows[^1].Policy).ToList();

    public string Verdict
    {
        get
        {
            var rows = TemplateRows;
            return string.Create(CultureInfo.InvariantCulture,
                $"scaling: worst ratio {rows.Max(row => row.Ratio):0.00} to the optimum; p95 wait within target on {rows.Count(row => row.WithinTarget)} of {rows.Count} traces");
        }
    }

    public void Print(TextWriter output)
    {
        var s = Settings;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Scaling simulator: {s.Length.TotalHours:0.#} h per trace; {s.JobsPerMinute:0.#} jobs/min mean; burst {s.BurstJobs} jobs; "
            + $"job times log-normal, mean {Times.MeanSeconds:0} s, p95 {Times.Percentile95Seconds:0} s; boot {s.Boot.TotalSeconds:0} s; "
            + $"latency target {s.LatencyTarget.TotalSeconds:0} s; group {s.Min}..{s.Max}; BacklogPerInstanceTarget {s.BacklogPerInstanceTarget}; "
            + $"warm-up {s.Warmup.TotalSeconds:0} s{(s.Unprotected ? "; workers unprotected" : "")}"));
        output.WriteLine();
        output.WriteLine($"{"trace",-8}{"jobs",8}  {"optimum inst-min",-18}{"policy",-26}{"inst-min",10}{"ratio",7}{"p50 wait",10}{"p95 wait",10}{"target",8}{"lost",6}{"peak",6}{"launches",9}");
        foreach (var row in Rows)
        {
            var optimum = string.Create(CultureInfo.InvariantCulture, $"{row.Optimum.LowerBound / 60:0}..{row.Optimum.Schedule / 60:0}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Trace.ToString().ToLowerInvariant(),-8}{row.Jobs,8}  {optimum,-18}{row.Policy,-26}{row.Result.InstanceMinutes,10:0}{row.Ratio,7:0.00}"
                + $"{Seconds(row.P50Wait),10}{Seconds(row.P95Wait),10}{(row.WithinTarget ? "yes" : "NO"),8}{row.Result.Lost,6}{row.Result.PeakInstances,6}{row.Result.Launches,9}"));
        }

        output.WriteLine();
        output.WriteLine("optimum: clairvoyant lower bound..cost of a clairvoyant schedule; ratio: instance-minutes / the lower bound;");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"target: p95 wait <= {s.LatencyTarget.TotalSeconds:0} s ({(s.LatencyTarget + s.Boot).TotalSeconds:0} s for the burst onto an empty group) and nothing lost"));
        output.WriteLine(Verdict);
    }

    private static string Seconds(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s");
}
