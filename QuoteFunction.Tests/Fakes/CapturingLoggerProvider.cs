using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace QuoteFunction.Tests.Fakes;

/// <summary>Keeps every log entry as text: message, template values, scopes and exception.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<CapturedEntry> Entries { get; } = new();

    public string AllText => string.Join('\n', Entries.Select(entry => entry.ToString()));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull =>
            provider.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(pair => pair.Key, pair => pair.Value?.ToString())
                : [];
            var scopeTexts = new List<string>();
            provider.scopes.ForEachScope((scope, texts) => texts.Add(scope?.ToString() ?? ""), scopeTexts);
            provider.Entries.Enqueue(new CapturedEntry(
                category,
                logLevel,
                eventId.Id,
                formatter(state, exception),
                values,
                scopeTexts,
                exception?.ToString()));
        }
    }
}
