using TelegramAI.Contracts.Scaling;
using TelegramAI.MetricSender.Measuring;

namespace TelegramAI.Benchmarks.Scaling;

/// <summary>The model's fixed parts: how instances boot, the group's bounds, and the MetricSender's and CloudWatch's periods.</summary>
/// <param name="Boot">From launch until a worker takes its first job (boot, docker, image pull); billed.</param>
/// <param name="Protected">Whether busy workers protect themselves from scale-in, as they do.</param>
public sealed record GroupModel(TimeSpan Boot, int Min, int Max, bool Protected = true)
{
    /// <summary>The MetricSender's period (<c>Scaling__Period</c>).</summary>
    public static readonly TimeSpan MetricPeriod = TimeSpan.FromSeconds(30);

    /// <summary>CloudWatch aggregates the samples into one-minute datapoints, and alarms evaluate each once.</summary>
    public static readonly TimeSpan DatapointPeriod = TimeSpan.FromMinutes(1);

    /// <summary>A job's attempts before the redrive policy moves it to the dead-letter queue (the template's maxReceiveCount).</summary>
    public const int MaxAttempts = 3;

    /// <summary>How long after the day ends the model runs on so the last jobs finish.</summary>
    public static readonly TimeSpan Drain = TimeSpan.FromHours(6);
}

/// <summary>
/// An event-driven model of one day of the system: a FIFO jobs queue; workers that each run one job at a time and
/// take the next at once; an Auto Scaling group that launches instances (ready after <see cref="GroupModel.Boot"/>)
/// and, scaling in, terminates only unprotected ones (booting or idle: busy workers protect themselves and drop
/// the protection once idle with an empty queue, and the group then terminates them if it is still above its
/// desired capacity); the MetricSender sampling every 30 s through its own <see cref="BacklogCalculator"/>; and
/// CloudWatch turning the samples into one-minute datapoints on which the policies' alarms act once a minute.
/// One instance of this class runs one day.
/// </summary>
public sealed class GroupSimulation
{
    private enum EventKind
    {
        Ready,
        Done,
        Arrival,
        Tick,
    }

    private readonly GroupModel _model;
    private readonly ISimulatedPolicy[] _policies;
    private readonly IReadOnlyList<SimulatedJob> _jobs;
    private readonly double[] _starts;
    private readonly int[] _attempts;
    private readonly List<Instance> _launched = [];
    private readonly List<Instance> _alive = [];
    private readonly LinkedList<int> _queue = new();
    private readonly Stack<Instance> _idle = new();
    private readonly PriorityQueue<(EventKind Kind, int Index), (double Time, long Sequence)> _events = new();
    private readonly List<MetricSample> _minute = [];
    private long _sequence;
    private int _desired;
    private int _busy;
    private int _done;
    private int _lost;
    private int _interrupted;
    private int _peak;

    public GroupSimulation(GroupModel model, SimulatedPolicies policies, IReadOnlyList<SimulatedJob> jobs)
    {
        _model = model;
        _policies = policies.Create();
        _jobs = jobs;
        _starts = new double[jobs.Count];
        _attempts = new int[jobs.Count];
        Array.Fill(_starts, double.NaN);
    }

    public SimulationResult Run(TimeSpan length)
    {
        var end = length.TotalSeconds + GroupModel.Drain.TotalSeconds;
        for (var i = 0; i < _jobs.Count; i++)
            Schedule(_jobs[i].Arrival, EventKind.Arrival, i);
        Schedule(0, EventKind.Tick, 0);
        SetDesired(_model.Min, 0);

        var now = 0.0;
        while (_events.TryDequeue(out var next, out var at))
        {
            now = at.Time;
            var settled = _done + _lost == _jobs.Count && _busy == 0 && _alive.Count == _model.Min;
            if (now > end || (settled && now >= length.TotalSeconds))
                break;

            switch (next.Kind)
            {
                case EventKind.Arrival:
                    _queue.AddLast(next.Index);
                    Dispatch(now);
                    break;
                case EventKind.Ready:
                    if (_launched[next.Index] is { TerminatedAt: null } ready)
                    {
                        _idle.Push(ready);
                        Dispatch(now);
                    }

                    break;
                case EventKind.Done:
                    if (_launched[next.Index] is { TerminatedAt: null, Job: not null } worker && worker.BusyUntil <= now)
                    {
                        worker.Job = null;
                        _busy--;
                        _done++;
                        Free(worker, now);
                    }

                    break;
                case EventKind.Tick:
                    Tick(now);
                    break;
            }

            _peak = Math.Max(_peak, _alive.Count);
        }

        _lost += _queue.Count + _busy;
        var instanceSeconds = _launched.Sum(instance => (instance.TerminatedAt ?? now) - instance.LaunchedAt);
        var waits = _starts.Select((start, i) => start - _jobs[i].Arrival).Where(wait => !double.IsNaN(wait)).ToArray();
        return new SimulationResult(instanceSeconds, waits, _lost, _interrupted, _peak, _launched.Count);
    }

    /// <summary>Every 30 s the MetricSender samples; on each minute the alarms evaluate the minute that just ended.</summary>
    private void Tick(double now)
    {
        if (now > 0 && now % GroupModel.DatapointPeriod.TotalSeconds == 0)
        {
            var minute = new MinuteOfSamples([.. _minute]);
            _minute.Clear();
            var asked = _policies.Select(policy => policy.Evaluate(Capacity(policy.Warmup, now), minute)).ToList();
            SetDesired(Math.Clamp(SimulatedPolicies.Settle(_desired, asked), _model.Min, _model.Max), now);
        }

        _minute.Add(new MetricSample(_queue.Count, _busy, _desired, BacklogCalculator.BacklogPerInstance(_queue.Count, _desired)));
        Schedule(now + GroupModel.MetricPeriod.TotalSeconds, EventKind.Tick, 0);
    }

    private GroupCapacity Capacity(TimeSpan warmup, double now)
    {
        var warmedUp = _alive.Count(instance => now - instance.LaunchedAt >= warmup.TotalSeconds);
        return new GroupCapacity(_desired, Math.Min(warmedUp, _desired));
    }

    private void SetDesired(int desired, double now)
    {
        _desired = desired;
        while (_alive.Count < _desired)
        {
            var instance = new Instance(_launched.Count, now);
            _launched.Add(instance);
            _alive.Add(instance);
            Schedule(now + _model.Boot.TotalSeconds, EventKind.Ready, instance.Id);
        }

        // Auto Scaling never picks a protected instance: it takes unprotected ones, the newest first (booting ones,
        // then idle ones), and what is still above the desired capacity goes as its workers fall idle.
        var unprotected = _alive.Where(instance => _model.Protected ? instance.Job is null : true);
        foreach (var instance in unprotected.OrderByDescending(i => i.Id).Take(_alive.Count - _desired).ToList())
        {
            if (instance.Job is { } job)
                Interrupt(job);
            Terminate(instance, now);
        }

        Dispatch(now);
    }

    /// <summary>A job whose unprotected worker was terminated goes back to the queue's front, until its attempts run out.</summary>
    private void Interrupt(int job)
    {
        _busy--;
        _interrupted++;
        if (++_attempts[job] >= GroupModel.MaxAttempts)
            _lost++;
        else
            _queue.AddFirst(job);
    }

    private void Free(Instance worker, double now)
    {
        if (_queue.Count > 0)
            Start(worker, now);
        else if (_alive.Count > _desired)
            Terminate(worker, now);
        else
            _idle.Push(worker);
    }

    private void Dispatch(double now)
    {
        while (_queue.Count > 0 && _idle.TryPop(out var worker))
        {
            if (worker is { TerminatedAt: null, Job: null })
                Start(worker, now);
        }
    }

    private void Start(Instance worker, double now)
    {
        var job = _queue.First!.Value;
        _queue.RemoveFirst();
        if (double.IsNaN(_starts[job]))
            _starts[job] = now;
        worker.Job = job;
        worker.BusyUntil = now + _jobs[job].Duration;
        _busy++;
        Schedule(worker.BusyUntil, EventKind.Done, worker.Id);
    }

    private void Terminate(Instance instance, double now)
    {
        instance.TerminatedAt = now;
        instance.Job = null;
        _alive.Remove(instance);
    }

    private void Schedule(double time, EventKind kind, int index) => _events.Enqueue((kind, index), (time, _sequence++));

    private sealed class Instance(int id, double launchedAt)
    {
        public int Id { get; } = id;

        public double LaunchedAt { get; } = launchedAt;

        public double? TerminatedAt { get; set; }

        public int? Job { get; set; }

        public double BusyUntil { get; set; }
    }
}
