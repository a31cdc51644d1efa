using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace QuoteFunction.Hosting;

/// <summary>
/// The trace a request belongs to, read from the headers Google's front end and W3C Trace
/// Context put on it.
/// </summary>
/// <param name="TraceId">32 lowercase hex digits, not all zero.</param>
/// <param name="SpanId">16 lowercase hex digits, not all zero; null when the header named no
/// span.</param>
/// <param name="Sampled">Whether the caller asked for this request to be traced.</param>
public sealed record CloudTraceContext(string TraceId, string? SpanId, bool Sampled)
{
    /// <summary>The header Google's front end adds: <c>TRACE_ID/SPAN_ID;o=OPTIONS</c>.</summary>
    public const string CloudTraceHeader = "X-Cloud-Trace-Context";

    private const int TraceIdLength = 32;

    // version-traceid-parentid-flags: 2 + 1 + 32 + 1 + 16 + 1 + 2.
    private const int TraceParentLength = 55;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    private static readonly SearchValues<char> AnyHex =
        SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>
    /// Reads <c>X-Cloud-Trace-Context</c>: <c>TRACE_ID</c> of 32 hex digits, then optionally
    /// <c>/SPAN_ID</c> in decimal, then optionally <c>;o=OPTIONS</c> whose lowest bit means
    /// sampled.
    /// </summary>
    /// <param name="value">The header's value; null or empty when it is absent.</param>
    /// <param name="context">The trace, with the span converted to 16 hex digits; a span of 0
    /// counts as no span.</param>
    /// <returns>False for anything else, including several values joined by commas.</returns>
    public static bool TryParseCloudTraceHeader(
        string? value, [NotNullWhen(true)] out CloudTraceContext? context)
    {
        context = null;
        var text = value.AsSpan().Trim();

        var sampled = false;
        var options = text.IndexOf(';');
        if (options >= 0)
        {
            var option = text[(options + 1)..];
            if (!option.StartsWith("o=", StringComparison.Ordinal)
                || !TryParseDecimal(option[2..], out var flags))
            {
                return false;
            }

            sampled = (flags & 1) == 1;
            text = text[..options];
        }

        string? spanId = null;
        var slash = text.IndexOf('/');
        if (slash >= 0)
        {
            if (!TryParseDecimal(text[(slash + 1)..], out var span))
            {
                return false;
            }

            spanId = span == 0 ? null : span.ToString("x16", CultureInfo.InvariantCulture);
            text = text[..slash];
        }

        if (text.Length != TraceIdLength || text.ContainsAnyExcept(AnyHex) || IsZero(text))
        {
            return false;
        }

        context = new CloudTraceContext(text.ToString().ToLowerInvariant(), spanId, sampled);
        return true;
    }

    /// <summary>
    /// Reads a W3C <c>traceparent</c>: <c>00-TRACE_ID-PARENT_ID-FLAGS</c> in lowercase hex,
    /// whose lowest flag bit means sampled. Later versions may append fields; version
    /// <c>ff</c> is invalid.
    /// </summary>
    /// <param name="value">The header's value; null or empty when it is absent.</param>
    /// <param name="context">The trace, with the parent id as its span.</param>
    /// <returns>False for anything the W3C recommendation says to ignore.</returns>
    public static bool TryParseTraceParent(
        string? value, [NotNullWhen(true)] out CloudTraceContext? context)
    {
        context = null;
        var text = value.AsSpan().Trim();
        if (text.Length < TraceParentLength
            || text[2] != '-' || text[35] != '-' || text[52] != '-')
        {
            return false;
        }

        var version = text[..2];
        var traceId = text[3..35];
        var spanId = text[36..52];
        var flags = text[53..55];
        if (version.ContainsAnyExcept(LowerHex) || version is "ff"
            || traceId.ContainsAnyExcept(LowerHex) || IsZero(traceId)
            || spanId.ContainsAnyExcept(LowerHex) || IsZero(spanId)
            || flags.ContainsAnyExcept(LowerHex))
        {
            return false;
        }

        // Version 00 has exactly four fields; later versions may add some after a dash.
        if (text.Length > TraceParentLength && (version is "00" || text[TraceParentLength] != '-'))
        {
            return false;
        }

        var flagBits = byte.Parse(flags, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        context = new CloudTraceContext(traceId.ToString(), spanId.ToString(), (flagBits & 1) == 1);
        return true;
    }

    // Digits only: no sign, no white space, no thousands separators.
    private static bool TryParseDecimal(ReadOnlySpan<char> text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static bool IsZero(ReadOnlySpan<char> text) => !text.ContainsAnyExcept('0');
}
