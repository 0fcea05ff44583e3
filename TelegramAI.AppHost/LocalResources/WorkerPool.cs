using TelegramAI.AppHost.Run;
using TelegramAI.AppHost.View;

namespace TelegramAI.AppHost.LocalResources;

/// <summary>
/// The local stand-in for the worker Auto Scaling group's instances: worker processes named worker-1,
/// worker-2, ... Scaling in stops the newest with SIGTERM, so a job in hand is finished or handed back.
/// </summary>
public sealed class WorkerPool(Func<string, ServiceProcess> create, AppModel model, HostConsole console) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<ServiceProcess> _running = [];
    private readonly List<Task> _stopping = [];
    private int _desired;

    public int Running
    {
        get
        {
            lock (_running)
            {
                return _running.Count;
            }
        }
    }

    /// <summary>Starts or stops workers until <paramref name="desired"/> run; new ones are waited for until healthy.</summary>
    public async Task ScaleToAsync(int desired, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _desired = desired;
            while (Running < desired)
            {
                var worker = create(NextName());
                lock (_running)
                {
                    _running.Add(worker);
                }

                try
                {
                    await worker.StartAsync(cancellationToken);
                }
                catch
                {
                    lock (_running)
                    {
                        _running.Remove(worker);
                    }

                    model.Remove(worker.Resource);
                    throw;
                }

                Report();
            }

            while (Running > desired)
            {
                ServiceProcess newest;
                lock (_running)
                {
                    newest = _running[^1];
                    _running.RemoveAt(_running.Count - 1);
                }

                // Not awaited: a worker may take its grace period to finish a job, and scaling goes on meanwhile.
                _stopping.Add(StopAndForgetAsync(newest));
                Report();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        List<ServiceProcess> all;
        lock (_running)
        {
            all = [.. _running];
            _running.Clear();
        }

        await Task.WhenAll(all.Select(worker => worker.StopAsync()).Concat(_stopping));
        _gate.Dispose();
    }

    private async Task StopAndForgetAsync(ServiceProcess worker)
    {
        await worker.StopAsync();
        model.Remove(worker.Resource);
    }

    private void Report()
    {
        var running = Running;
        model.Scaling = model.Scaling with { Desired = _desired, Running = running };
        console.Event(HostEvent.Workers(_desired, running));
    }

    private string NextName()
    {
        var taken = model.Resources.Select(resource => resource.Name).ToHashSet(StringComparer.Ordinal);
        return Enumerable.Range(1, int.MaxValue).Select(i => $"worker-{i}").First(name => !taken.Contains(name));
    }
}
