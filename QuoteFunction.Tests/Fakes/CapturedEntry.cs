using Microsoft.Extensions.Logging;

namespace QuoteFunction.Tests.Fakes;

/// <summary>One log entry as <see cref="CapturingLoggerProvider"/> kept it.</summary>
public sealed record CapturedEntry(
    string Category,
    LogLevel Level,
    int EventId,
    string Message,
    Dictionary<string, string?> Values,
    IReadOnlyList<object?> Scopes,
    string? Exception)
{
    public override string ToString() =>
        $"{Level} {Category}[{EventId}] {Message} " +
        $"{string.Join(' ', Values.Select(pair => $"{pair.Key}={pair.Value}"))} " +
        $"{string.Join(' ', Scopes)} {Exception}";
}
