namespace TelegramAI.Benchmarks.Scaling;

/// <summary>The fewest instance-seconds that start every job within the latency target, bracketed from both sides.</summary>
/// <param name="LowerBound">No schedule, however clairvoyant, costs less.</param>
/// <param name="Schedule">What a clairvoyant schedule that meets the target costs: the optimum is at most this.</param>
public sealed record OptimumBounds(double LowerBound, double Schedule, int LeastInstances);

/// <summary>
/// The clairvoyant optimum: every arrival and every job time known in advance; an instance can be launched one boot
/// time before it is needed (so it pays its boot, but nobody waits for it); each job must start within the latency
/// target of its request and runs on one instance without interruption. The cost is instance time: each launch pays
/// a boot, then the instance is paid while it lives, busy or idle.
///
/// Finding that optimum exactly is a scheduling problem with release times and start deadlines on identical
/// machines, NP-hard in general, so it is bracketed:
///
/// - Lower bound: the work itself, sum of the job times (an instance does one job at a time), plus one boot for
///   each instance that must exist. A window [a, b] holds the jobs requested in [a, b - target], all of which must
///   start inside it. On one instance every job started in the window but its last one also ends in it, so the jobs'
///   total time minus the m longest ones fits in m x (b - a) only if m instances take part: the least such m,
///   over every window, is a number of instances that must be launched.
/// - Schedule: jobs in order of request (earliest deadline first), each on the instance that is free latest but still
///   early enough for the job's deadline (best fit, which packs the work onto as few instances as possible and lets
///   the others go), or on a new instance. An instance idle for longer than a boot is cheaper stopped and launched
///   again, so each gap costs min(gap, boot).
///
/// The two are close on every trace (the report prints both); ratios are taken to the lower bound, so a policy
/// is at most that far from the true optimum.
/// </summary>
public static class ClairvoyantOptimum
{
    /// <summary>Window lengths tried for the lower bound, as multiples of the latency target.</summary>
    private static readonly double[] WindowLengths = [1, 1.25, 1.5, 2, 3, 4, 6, 8, 12, 24];

    /// <summary>Seconds between the starts of the windows tried.</summary>
    private const double WindowStartSpacing = 5;

    public static OptimumBounds Compute(IReadOnlyList<SimulatedJob> jobs, TimeSpan latencyTarget, TimeSpan boot)
    {
        var least = LeastInstances(jobs, latencyTarget.TotalSeconds);
        var work = jobs.Sum(job => job.Duration);
        return new OptimumBounds(work + least * boot.TotalSeconds, Schedule(jobs, latencyTarget.TotalSeconds, boot.TotalSeconds), least);
    }

    /// <summary>The instances that any schedule meeting the target must launch (jobs sorted by request).</summary>
    public static int LeastInstances(IReadOnlyList<SimulatedJob> jobs, double target)
    {
        var prefix = new double[jobs.Count + 1];
        for (var i = 0; i < jobs.Count; i++)
            prefix[i + 1] = prefix[i] + jobs[i].Duration;

        // Each window's quick bound ceil(total / length) is at least its exact answer, so windows are worked out
        // from the highest quick bound down, until no quick bound left can beat the best exact answer.
        // Windows start at requests, at most one every few seconds: any set of windows gives a valid bound.
        var windows = new List<(int Bound, int First, int Last, double Length)>();
        var lastStart = double.NegativeInfinity;
        for (var first = 0; first < jobs.Count; first++)
        {
            if (jobs[first].Arrival - lastStart < WindowStartSpacing)
                continue;
            lastStart = jobs[first].Arrival;
            foreach (var multiple in WindowLengths)
            {
                var length = multiple * target;
                var last = UpperBound(jobs, jobs[first].Arrival + length - target);
                windows.Add(((int)Math.Ceiling((prefix[last] - prefix[first]) / length - 1e-9), first, last, length));
            }
        }

        windows.Sort((x, y) => y.Bound.CompareTo(x.Bound));
        var best = 0;
        foreach (var (bound, first, last, length) in windows)
        {
            if (bound <= best)
                break;
            best = Math.Max(best, InstancesFor(jobs, first, last, length, bound));
        }

        return best;
    }

    /// <summary>The least m with (total time - the m longest) &lt;= m x length, for jobs [first, last); it is at most <paramref name="bound"/>.</summary>
    private static int InstancesFor(IReadOnlyList<SimulatedJob> jobs, int first, int last, double length, int bound)
    {
        // Only the `bound` longest jobs can matter: kept in a min-heap while the window is summed.
        var longest = new PriorityQueue<double, double>(bound + 1);
        var rest = 0.0;
        for (var i = first; i < last; i++)
        {
            rest += jobs[i].Duration;
            longest.Enqueue(jobs[i].Duration, jobs[i].Duration);
            if (longest.Count > bound)
                longest.Dequeue();
        }

        var longestFirst = new double[longest.Count];
        for (var i = longestFirst.Length - 1; i >= 0; i--)
            longestFirst[i] = longest.Dequeue();

        for (var m = 1; m <= longestFirst.Length; m++)
        {
            rest -= longestFirst[m - 1];
            if (rest <= m * length + 1e-9)
                return m;
        }

        return bound;
    }

    /// <summary>Index of the first job requested after <paramref name="time"/>.</summary>
    private static int UpperBound(IReadOnlyList<SimulatedJob> jobs, double time)
    {
        int low = 0, high = jobs.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (jobs[middle].Arrival <= time)
                low = middle + 1;
            else
                high = middle;
        }

        return low;
    }

    /// <summary>The cost of the best-fit clairvoyant schedule.</summary>
    public static double Schedule(IReadOnlyList<SimulatedJob> jobs, double target, double boot)
    {
        // Each instance by the time it is next free; the id breaks ties.
        var free = new SortedSet<(double Free, int Id)>();
        var cost = 0.0;
        var instances = 0;
        foreach (var job in jobs)
        {
            var deadline = job.Arrival + target;
            int id;
            double start;
            if (free.Count > 0 && free.Min.Free <= deadline)
            {
                // A view's Max is a walk down the tree; its Count would walk all of it.
                var (freeAt, chosen) = free.GetViewBetween((double.MinValue, int.MinValue), (deadline, int.MaxValue)).Max;
                free.Remove((freeAt, chosen));
                id = chosen;
                start = Math.Max(job.Arrival, freeAt);
                cost += Math.Min(start - freeAt, boot);
            }
            else
            {
                id = instances++;
                start = job.Arrival;
                cost += boot;
            }

            cost += job.Duration;
            free.Add((start + job.Duration, id));
        }

        return cost;
    }
}
