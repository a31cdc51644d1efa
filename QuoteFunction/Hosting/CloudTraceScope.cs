namespace QuoteFunction.Hosting;

/// <summary>
/// The logging scope of a traced request: <see cref="CloudLoggingFormatter"/> writes it as the
/// <c>logging.googleapis.com/trace</c>, <c>spanId</c> and <c>trace_sampled</c> fields of every
/// entry logged inside it, which is how Cloud Logging links a trace to its log entries.
/// </summary>
/// <param name="Trace">The trace's resource name,
/// <c>projects/{project}/traces/{traceId}</c>.</param>
/// <param name="SpanId">16 lowercase hex digits, or null when the request named no span.</param>
/// <param name="Sampled">Whether the request is being traced.</param>
internal sealed record CloudTraceScope(string Trace, string? SpanId, bool Sampled)
{
    /// <summary>The scope of <paramref name="context"/> in the project that gets the logs.</summary>
    public static CloudTraceScope Create(string projectId, CloudTraceContext context) =>
        new($"projects/{projectId}/traces/{context.TraceId}", context.SpanId, context.Sampled);
}
