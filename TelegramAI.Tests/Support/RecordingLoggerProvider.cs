using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TelegramAI.Tests.Support;

/// <summary>Keeps every formatted log message, to assert what an operator would read.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<string> Messages => _entries.Select(e => e.Message).ToList();

    public IReadOnlyList<string> AtLeast(LogLevel level) => _entries.Where(e => e.Level >= level).Select(e => e.Message).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(RecordingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue((logLevel, formatter(state, exception)));
    }
}
