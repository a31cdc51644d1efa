using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using QuoteFunction.Hosting;

namespace QuoteFunction.Tests.Hosting;

public sealed class CloudLoggingFormatterTest
{
    private const string Category = "QuoteFunction.Function";
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string Trace = "projects/quote-project/traces/" + TraceId;
    private const string TraceField = "logging.googleapis.com/trace";
    private const string SpanIdField = "logging.googleapis.com/spanId";
    private const string SampledField = "logging.googleapis.com/trace_sampled";

    private readonly ConsoleFormatterOptions options = new();
    private readonly LoggerExternalScopeProvider scopes = new();
    private readonly StringWriter output = new();
    private readonly CloudLoggingFormatter formatter;
    private readonly ILogger logger;

    public CloudLoggingFormatterTest()
    {
        formatter = new CloudLoggingFormatter(new FixedOptionsMonitor(options));
        logger = new FormattingLogger(formatter, scopes, output);
    }

    [Fact]
    public void Write_TemplateEntry_WritesOneJsonLine()
    {
        logger.LogInformation("Quote for {Symbol} answered", "GOOG");

        var entry = SingleEntry();
        Assert.Equal("INFO", entry.GetProperty("severity").GetString());
        Assert.Equal("Quote for GOOG answered", entry.GetProperty("message").GetString());
        Assert.Equal(Category, entry.GetProperty("category").GetString());
        Assert.Equal("GOOG", entry.GetProperty("Symbol").GetString());
        Assert.False(entry.TryGetProperty("{OriginalFormat}", out _));
    }

    [Theory]
    [InlineData(LogLevel.Trace, "DEBUG")]
    [InlineData(LogLevel.Debug, "DEBUG")]
    [InlineData(LogLevel.Information, "INFO")]
    [InlineData(LogLevel.Warning, "WARNING")]
    [InlineData(LogLevel.Error, "ERROR")]
    [InlineData(LogLevel.Critical, "CRITICAL")]
    public void Write_EachLevel_WritesItsSeverity(LogLevel level, string severity)
    {
        logger.Log(level, "Something happened");

        Assert.Equal(severity, SingleEntry().GetProperty("severity").GetString());
    }

    [Fact]
    public void Write_TemplateValues_WritesEachWithItsJsonType()
    {
        logger.LogWarning(
            "{Symbol} {Count} {Price} {Ratio} {Cached} {Interval} {Fault} {Missing} {Sizes} {Odd}",
            "IBM", 3, 12.5m, 0.25, true, TimeSpan.FromMinutes(5), UpstreamFault.Throttled, null,
            new[] { "compact", "full" }, double.NaN);

        var entry = SingleEntry();
        Assert.Equal("IBM", entry.GetProperty("Symbol").GetString());
        Assert.Equal(3, entry.GetProperty("Count").GetInt32());
        Assert.Equal(12.5m, entry.GetProperty("Price").GetDecimal());
        Assert.Equal(0.25, entry.GetProperty("Ratio").GetDouble());
        Assert.True(entry.GetProperty("Cached").GetBoolean());
        Assert.Equal("00:05:00", entry.GetProperty("Interval").GetString());
        Assert.Equal("Throttled", entry.GetProperty("Fault").GetString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("Missing").ValueKind);
        Assert.Equal("compact, full", entry.GetProperty("Sizes").GetString());
        Assert.Equal("NaN", entry.GetProperty("Odd").GetString());
    }

    [Fact]
    public void Write_Exception_WritesItsTextOnTheSameLine()
    {
        var exception = Throw(new InvalidOperationException("Upstream went away."));

        logger.LogError(exception, "Quote for {Symbol} failed", "GOOG");

        var entry = SingleEntry();
        Assert.Equal("ERROR", entry.GetProperty("severity").GetString());
        var text = entry.GetProperty("exception").GetString();
        Assert.Equal(exception.ToString(), text);
        Assert.Contains(nameof(Throw), text);
    }

    [Fact]
    public void Write_NoException_OmitsExceptionField()
    {
        logger.LogError("Quote failed");

        Assert.False(SingleEntry().TryGetProperty("exception", out _));
    }

    [Fact]
    public void Write_MessageWithLineBreaksAndQuotes_StaysOneLine()
    {
        logger.LogInformation("first line\r\nsecond \"quoted\" line\n\u001b[31mred");

        Assert.Equal(
            "first line\r\nsecond \"quoted\" line\n\u001b[31mred",
            SingleEntry().GetProperty("message").GetString());
    }

    [Fact]
    public void Write_InsideTraceScope_WritesTraceFields()
    {
        using var scope = scopes.Push(new CloudTraceScope(Trace, "00f067aa0ba902b7", true));

        logger.LogInformation("Quote answered");

        var entry = SingleEntry();
        Assert.Equal(Trace, entry.GetProperty(TraceField).GetString());
        Assert.Equal("00f067aa0ba902b7", entry.GetProperty(SpanIdField).GetString());
        Assert.True(entry.GetProperty(SampledField).GetBoolean());
    }

    [Fact]
    public void Write_TraceScopeWithoutSpan_OmitsSpanId()
    {
        using var scope = scopes.Push(new CloudTraceScope(Trace, null, false));

        logger.LogInformation("Quote answered");

        var entry = SingleEntry();
        Assert.Equal(Trace, entry.GetProperty(TraceField).GetString());
        Assert.False(entry.TryGetProperty(SpanIdField, out _));
        Assert.False(entry.GetProperty(SampledField).GetBoolean());
    }

    [Fact]
    public void Write_NestedTraceScopes_WritesInnermost()
    {
        using var outer = scopes.Push(new CloudTraceScope("projects/p/traces/outer", null, false));
        using var inner = scopes.Push(new CloudTraceScope(Trace, null, true));

        logger.LogInformation("Quote answered");

        Assert.Equal(Trace, SingleEntry().GetProperty(TraceField).GetString());
    }

    [Fact]
    public void Write_OutsideTraceScope_OmitsTraceFields()
    {
        logger.LogInformation("Instance started");

        var names = SingleEntry().EnumerateObject().Select(property => property.Name);
        Assert.DoesNotContain(
            names, name => name.StartsWith("logging.googleapis.com/", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_EventId_WritesIdAndName()
    {
        logger.LogInformation(new EventId(7, "QuoteAnswered"), "Quote answered");

        var entry = SingleEntry();
        Assert.Equal(7, entry.GetProperty("eventId").GetInt32());
        Assert.Equal("QuoteAnswered", entry.GetProperty("eventName").GetString());
    }

    [Fact]
    public void Write_NoEventId_OmitsEventFields()
    {
        logger.LogInformation("Quote answered");

        var entry = SingleEntry();
        Assert.False(entry.TryGetProperty("eventId", out _));
        Assert.False(entry.TryGetProperty("eventName", out _));
    }

    [Fact]
    public void Write_IncludeScopes_AddsScopeValuesWithoutReplacingEntryValues()
    {
        options.IncludeScopes = true;
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["Symbol"] = "FROM-SCOPE",
            ["RequestId"] = "0HN1",
            ["severity"] = "CRITICAL",
        });

        logger.LogInformation("Quote for {Symbol} answered", "GOOG");

        var entry = SingleEntry();
        Assert.Equal("GOOG", entry.GetProperty("Symbol").GetString());
        Assert.Equal("0HN1", entry.GetProperty("RequestId").GetString());
        Assert.Equal("INFO", entry.GetProperty("severity").GetString());
        Assert.Single(entry.EnumerateObject(), property => property.Name == "Symbol");
        Assert.Single(entry.EnumerateObject(), property => property.Name == "severity");
    }

    [Fact]
    public void Write_StateValuesOutsideTheTemplate_AreNotWritten()
    {
        var state = new List<KeyValuePair<string, object?>>
        {
            new("Authorization", "Bearer secret-token"),
            new("{OriginalFormat}", "Request Headers: Authorization: *"),
        };

        logger.Log(
            LogLevel.Debug, new EventId(102), state, null, (_, _) => "Request Headers: Authorization: *");

        var entry = SingleEntry();
        Assert.False(entry.TryGetProperty("Authorization", out _));
        Assert.DoesNotContain("secret-token", entry.GetRawText());
    }

    [Fact]
    public void Write_StateWithoutTemplate_WritesNoValues()
    {
        var state = new Dictionary<string, object?> { ["Authorization"] = "Bearer secret-token" };

        logger.Log(LogLevel.Debug, new EventId(102), state, null, (_, _) => "Request Headers");

        Assert.DoesNotContain("secret-token", SingleEntry().GetRawText());
    }

    [Fact]
    public void Write_ScopesNotIncluded_OmitsScopeValues()
    {
        var values = new Dictionary<string, object?> { ["RequestId"] = "0HN1" };
        using var scope = logger.BeginScope(values);

        logger.LogInformation("Quote answered");

        Assert.False(SingleEntry().TryGetProperty("RequestId", out _));
    }

    [Fact]
    public void Write_TemplateValueNamedLikeAField_KeepsTheField()
    {
        logger.LogInformation("Told {message} at {severity}", "spoofed", "CRITICAL");

        var entry = SingleEntry();
        Assert.Equal("Told spoofed at CRITICAL", entry.GetProperty("message").GetString());
        Assert.Equal("INFO", entry.GetProperty("severity").GetString());
        Assert.Single(entry.EnumerateObject(), property => property.Name == "severity");
    }

    [Fact]
    public void Write_ValueThatThrowsWhenFormatted_WritesFailureEntryInstead()
    {
        logger.LogWarning("Odd value {Value}", new ThrowingValue(throwAfter: 0));

        var entry = SingleEntry();
        Assert.Equal("WARNING", entry.GetProperty("severity").GetString());
        Assert.Contains("could not be written", entry.GetProperty("message").GetString());
        Assert.Equal(Category, entry.GetProperty("category").GetString());
    }

    [Fact]
    public void Write_ValueThatThrowsHalfwayThroughTheEntry_WritesOnlyTheFailureEntry()
    {
        logger.LogWarning("Odd value {Symbol} {Value}", "GOOG", new ThrowingValue(throwAfter: 1));

        var entry = SingleEntry();
        Assert.Contains("could not be written", entry.GetProperty("message").GetString());
        Assert.False(entry.TryGetProperty("Symbol", out _));
    }

    [Fact]
    public void Write_ValueThatLogsWhenFormatted_WritesBothEntriesWhole()
    {
        var nested = new StringWriter();
        var value = new LoggingValue(new FormattingLogger(formatter, scopes, nested));

        logger.LogInformation("Outer {Value} {Symbol}", value, "GOOG");

        var entry = SingleEntry();
        Assert.Equal("Outer logged GOOG", entry.GetProperty("message").GetString());
        Assert.Equal("GOOG", entry.GetProperty("Symbol").GetString());
        var nestedLines = nested.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(nestedLines);
        Assert.All(nestedLines, line => Assert.Equal("Inner", Field(line, "message")));
    }

    [Fact]
    public void Write_ManyEntries_WritesOneLineEach()
    {
        var symbols = Enumerable.Range(0, 50).Select(index => $"S{index}").ToList();

        foreach (var symbol in symbols)
        {
            logger.LogInformation("Quote for {Symbol} answered", symbol);
        }

        var lines = output.ToString().Split('\n');
        Assert.Equal(string.Empty, lines[^1]);
        Assert.Equal(symbols, lines[..^1].Select(line => Field(line, "Symbol")));
    }

    private JsonElement SingleEntry()
    {
        var text = output.ToString();
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.Equal(text.Length - 1, text.IndexOf('\n'));

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static string? Field(string line, string name)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.GetProperty(name).GetString();
    }

    private static Exception Throw(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }

    private sealed class ThrowingValue(int throwAfter)
    {
        private int calls;

        public override string ToString() =>
            calls++ < throwAfter ? "shown" : throw new InvalidOperationException("Cannot show this.");
    }

    private sealed class LoggingValue(ILogger nested)
    {
        public override string ToString()
        {
            nested.LogInformation("Inner");
            return "logged";
        }
    }

    private sealed class FormattingLogger(
        ConsoleFormatter formatter, IExternalScopeProvider scopes, TextWriter output) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> format)
        {
            var entry = new LogEntry<TState>(logLevel, Category, eventId, state, exception, format);
            formatter.Write(in entry, scopes, output);
        }
    }

    private sealed class FixedOptionsMonitor(ConsoleFormatterOptions value)
        : IOptionsMonitor<ConsoleFormatterOptions>
    {
        public ConsoleFormatterOptions CurrentValue => value;

        public ConsoleFormatterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ConsoleFormatterOptions, string?> listener) => null;
    }
}
