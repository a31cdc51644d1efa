using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace QuoteFunction.Hosting;

/// <summary>
/// Turns one log entry into one line of JSON for <see cref="CloudLoggingFormatter"/>. An
/// instance holds its buffers between entries and serves one entry at a time.
/// </summary>
internal sealed class CloudLoggingEntryWriter
{
    private const string OriginalFormat = "{OriginalFormat}";

    private const string SeverityField = "severity";
    private const string MessageField = "message";
    private const string CategoryField = "category";
    private const string EventIdField = "eventId";
    private const string EventNameField = "eventName";
    private const string ExceptionField = "exception";
    private const string TraceField = "logging.googleapis.com/trace";
    private const string SpanIdField = "logging.googleapis.com/spanId";
    private const string TraceSampledField = "logging.googleapis.com/trace_sampled";

    // Template and scope values by these names would shadow the fields written above them.
    private static readonly HashSet<string> ReservedNames = new(StringComparer.Ordinal)
    {
        SeverityField, MessageField, CategoryField, EventIdField, EventNameField, ExceptionField,
        TraceField, SpanIdField, TraceSampledField,
    };

    private readonly ArrayBufferWriter<byte> buffer = new(1024);
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private readonly Utf8JsonWriter json;
    private CloudTraceScope? trace;
    private bool includeScopes;

    public CloudLoggingEntryWriter()
    {
        // The default encoder keeps the output ASCII, so no console encoding can garble it.
        json = new Utf8JsonWriter(buffer);
    }

    /// <summary>Writes the entry with its template values and the request's trace.</summary>
    public void Write<TState>(
        in LogEntry<TState> entry, IExternalScopeProvider? scopes, bool withScopes)
    {
        var message = entry.Formatter(entry.State, entry.Exception);

        json.WriteStartObject();
        json.WriteString(SeverityField, ToSeverity(entry.LogLevel));
        json.WriteString(MessageField, message);
        json.WriteString(CategoryField, entry.Category);
        if (entry.EventId.Id != 0)
        {
            json.WriteNumber(EventIdField, entry.EventId.Id);
        }

        if (!string.IsNullOrEmpty(entry.EventId.Name))
        {
            json.WriteString(EventNameField, entry.EventId.Name);
        }

        if (entry.Exception is not null)
        {
            json.WriteString(ExceptionField, entry.Exception.ToString());
        }

        if (entry.State is IEnumerable<KeyValuePair<string, object?>> values)
        {
            WriteFields(values, fromScope: false);
        }

        includeScopes = withScopes;
        scopes?.ForEachScope(static (scope, writer) => writer.Visit(scope), this);
        if (trace is not null)
        {
            json.WriteString(TraceField, trace.Trace);
            if (trace.SpanId is not null)
            {
                json.WriteString(SpanIdField, trace.SpanId);
            }

            json.WriteBoolean(TraceSampledField, trace.Sampled);
        }

        json.WriteEndObject();
    }

    /// <summary>Replaces what was written with an entry saying that formatting failed.</summary>
    public void WriteFailure(LogLevel level, string category, Exception failure)
    {
        Reset();

        json.WriteStartObject();
        json.WriteString(SeverityField, ToSeverity(level));
        var reason = failure.GetType().FullName;
        json.WriteString(MessageField, $"A log entry could not be written as JSON: {reason}.");
        json.WriteString(CategoryField, category);
        json.WriteEndObject();
    }

    /// <summary>Writes the entry, then a line feed, to <paramref name="textWriter"/>.</summary>
    public void CopyLineTo(TextWriter textWriter)
    {
        json.Flush();

        var bytes = buffer.WrittenSpan;
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(bytes.Length) + 1);
        try
        {
            var count = Encoding.UTF8.GetChars(bytes, chars);
            chars[count++] = '\n';
            textWriter.Write(chars, 0, count);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Forgets the entry, keeping the buffer.</summary>
    /// <returns>The buffer's capacity in bytes.</returns>
    public int Reset()
    {
        json.Reset();
        buffer.ResetWrittenCount();
        names.Clear();
        trace = null;
        return buffer.Capacity;
    }

    private static string ToSeverity(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "CRITICAL",
        _ => "DEFAULT",
    };

    private void Visit(object? scope)
    {
        // Outer scopes come first, so the innermost trace wins.
        if (scope is CloudTraceScope traceScope)
        {
            trace = traceScope;
        }
        else if (includeScopes && scope is IEnumerable<KeyValuePair<string, object?>> values)
        {
            WriteFields(values, fromScope: true);
        }
    }

    // An entry's values become fields only when its message template names them. Some states
    // carry more than their template shows: HttpClient's header entries redact the values in the
    // message but not in the pairs, which would put an Authorization header in the log. Scopes are
    // written only when asked for (IncludeScopes), and then whole when they have no template.
    private void WriteFields(IEnumerable<KeyValuePair<string, object?>> values, bool fromScope)
    {
        var template = values.FirstOrDefault(pair => pair.Key == OriginalFormat).Value as string;
        if (template is null && !fromScope)
        {
            return;
        }

        foreach (var (name, value) in values)
        {
            if (name == OriginalFormat || ReservedNames.Contains(name)
                || template is not null && !IsPlaceholder(template, name) || !names.Add(name))
            {
                continue;
            }

            json.WritePropertyName(name);
            json.WriteLoggedValue(value);
        }
    }

    /// <summary>Whether <paramref name="template"/> has a placeholder named <paramref name="name"/>,
    /// plain or with an alignment or format: <c>{Name}</c>, <c>{Name,10}</c>, <c>{Name:F2}</c>.</summary>
    internal static bool IsPlaceholder(string template, string name)
    {
        for (var start = template.IndexOf('{'); start >= 0; start = template.IndexOf('{', start + 1))
        {
            var rest = template.AsSpan(start + 1);
            if (rest.StartsWith(name, StringComparison.Ordinal) && rest.Length > name.Length
                && rest[name.Length] is '}' or ':' or ',')
            {
                return true;
            }
        }

        return false;
    }
}
