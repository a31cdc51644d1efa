namespace QuoteFunction;

/// <summary>
/// A failure of Secret Manager, the metadata server or Alpha Vantage, classified so the HTTP
/// edge can answer with the right status. Its message never holds a key, a token, a payload or
/// a full upstream URI, so it may be logged.
/// </summary>
/// <param name="fault">What went wrong, in terms the edge maps to a status.</param>
/// <param name="message">What happened, for operators; safe to log.</param>
/// <param name="retryAfter">How long callers should wait, for throttling and outages.</param>
/// <param name="innerException">The cause, when there is one.</param>
public sealed class UpstreamException(
    UpstreamFault fault, string message, TimeSpan? retryAfter = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>What went wrong.</summary>
    public UpstreamFault Fault { get; } = fault;

    /// <summary>How long callers should wait before trying again, when that is known.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
