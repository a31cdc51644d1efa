using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace QuoteFunction.Hosting;

/// <summary>
/// Writes each log entry as one line of JSON in the shape Cloud Logging reads from the standard
/// output of Cloud Functions and Cloud Run.
/// </summary>
/// <remarks>
/// The fields are <c>severity</c> (DEBUG, INFO, WARNING, ERROR or CRITICAL), <c>message</c>,
/// <c>category</c>, <c>eventId</c> and <c>eventName</c> when the entry has them, one field per
/// message-template value under its placeholder's name, <c>exception</c> (which Error Reporting
/// reads) for entries with an exception, and inside a traced request
/// <c>logging.googleapis.com/trace</c>, <c>logging.googleapis.com/spanId</c> and
/// <c>logging.googleapis.com/trace_sampled</c>. With
/// <see cref="ConsoleFormatterOptions.IncludeScopes"/> (default false) the key/value pairs of
/// enclosing scopes are added too, never replacing a field already written. A failure to
/// format an entry is written as an entry saying so; the formatter never throws.
/// </remarks>
public sealed class CloudLoggingFormatter : ConsoleFormatter
{
    /// <summary>The name to set as <see cref="ConsoleLoggerOptions.FormatterName"/>.</summary>
    public const string FormatterName = "google-cloud";

    // Buffers grown past this by a huge entry are dropped rather than kept for the thread.
    private const int MaxRetainedBytes = 64 * 1024;

    [ThreadStatic]
    private static CloudLoggingEntryWriter? cachedWriter;

    private readonly IOptionsMonitor<ConsoleFormatterOptions> options;

    /// <summary>Creates the formatter; the console logger does this through DI.</summary>
    /// <param name="options">Options read for every entry, so changes apply at once.</param>
    public CloudLoggingFormatter(IOptionsMonitor<ConsoleFormatterOptions> options)
        : base(FormatterName)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
    }

    /// <inheritdoc />
    public override void Write<TState>(
        in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        // Taken out of the slot while in use: a logged value's ToString may log on this thread,
        // and that nested entry must get a writer of its own.
        var writer = cachedWriter ?? new CloudLoggingEntryWriter();
        cachedWriter = null;

        try
        {
            try
            {
                writer.Write(logEntry, scopeProvider, options.CurrentValue.IncludeScopes);
            }
            catch (Exception exception)
            {
                writer.WriteFailure(logEntry.LogLevel, logEntry.Category, exception);
            }

            writer.CopyLineTo(textWriter);
        }
        catch (Exception)
        {
            // The console is the only place left to report to, and writing to it just failed.
        }
        finally
        {
            if (writer.Reset() <= MaxRetainedBytes)
            {
                cachedWriter = writer;
            }
        }
    }
}
