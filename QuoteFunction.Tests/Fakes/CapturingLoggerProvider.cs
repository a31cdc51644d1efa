using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using QuoteFunction.Hosting;

namespace QuoteFunction.Tests.Fakes;

/// <summary>Keeps every log entry as text: message, template values, scopes and exception.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<CapturedEntry> Entries { get; } = new();

    public string AllText => string.Join('\n', Entries.Select(entry => entry.ToString()));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>
    /// The entries matching <paramref name="match"/> once there are <paramref name="count"/> of
    /// them: a request's entry is written after its answer, so it can trail the response.
    /// </summary>
    public async Task<IReadOnlyList<CapturedEntry>> WaitForAsync(Func<CapturedEntry, bool> match, int count)
    {
        await Eventually.TrueAsync(() => Entries.Count(match) >= count);
        return [.. Entries.Where(match)];
    }

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    // What a real sink writes: the values its message template names. The console and the Cloud
    // Logging formatter leave the rest out, such as the header values HttpClient redacts in its
    // messages but keeps in its state.
    private static Dictionary<string, string?> TemplateValues(List<KeyValuePair<string, object?>> pairs)
    {
        var template = pairs.FirstOrDefault(pair => pair.Key == "{OriginalFormat}").Value as string ?? "";
        return pairs
            .Where(pair => CloudLoggingEntryWriter.IsPlaceholder(template, pair.Key))
            .ToDictionary(pair => pair.Key, pair => pair.Value?.ToString());
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
                ? TemplateValues(pairs.ToList())
                : [];
            var scopes = new List<object?>();
            provider.scopes.ForEachScope((scope, list) => list.Add(scope), scopes);
            provider.Entries.Enqueue(new CapturedEntry(
                category,
                logLevel,
                eventId.Id,
                formatter(state, exception),
                values,
                scopes,
                exception?.ToString()));
        }
    }
}
