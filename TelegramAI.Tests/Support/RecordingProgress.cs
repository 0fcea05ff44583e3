using System.Collections.Concurrent;

namespace TelegramAI.Tests.Support;

/// <summary>
/// Keeps every report as it is made. Unlike <see cref="Progress{T}"/>, which posts reports to the thread
/// pool, nothing can arrive after the call that reported returned.
/// </summary>
public sealed class RecordingProgress<T> : IProgress<T>
{
    private readonly ConcurrentQueue<T> _reports = new();

    public IReadOnlyList<T> Reports => [.. _reports];

    public void Report(T value) => _reports.Enqueue(value);
}
