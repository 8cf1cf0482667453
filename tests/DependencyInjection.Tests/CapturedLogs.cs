using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LambdaStreamGen.DependencyInjection.Tests;

/// <summary>A logger provider that keeps every event the host's logging pipeline lets through, formatted.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<CapturedLog> Entries { get; } = new();

    public IEnumerable<CapturedLog> Of(string category) => Entries.Where(e => e.Category == category);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue(new CapturedLog(category, logLevel, eventId.Id, eventId.Name, formatter(state, exception), exception));
    }
}

internal sealed record CapturedLog(string Category, LogLevel Level, int EventId, string? EventName, string Message, Exception? Exception);
