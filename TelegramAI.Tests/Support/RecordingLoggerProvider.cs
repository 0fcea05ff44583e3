using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TelegramAI.Tests.Support;

/// <summary>Keeps every log entry, to assert what an operator would read (and what must never be there).</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    /// <summary>The formatted messages.</summary>
    public IReadOnlyList<string> Messages => _entries.Select(e => e.Message).ToList();

    /// <summary>Whole lines as a log sink would write them: level, category, message and the exception with its stack.</summary>
    public IReadOnlyList<string> Lines => _entries.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception}").ToList();

    public IReadOnlyList<string> AtLeast(LogLevel level) => _entries.Where(e => e.Level >= level).Select(e => e.Message).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed record Entry(LogLevel Level, string Category, string Message, Exception? Exception);

    private sealed class Logger(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new Entry(logLevel, category, formatter(state, exception), exception));
    }
}
