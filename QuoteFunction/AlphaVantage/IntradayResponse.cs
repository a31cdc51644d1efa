using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace QuoteFunction.AlphaVantage;

/// <summary>Turns Alpha Vantage's TIME_SERIES_INTRADAY body into the function's answer.</summary>
internal static class IntradayResponse
{
    private const string SeriesPrefix = "Time Series";

    private static readonly string[] BarTimeFormats =
        ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"];

    /// <summary>
    /// The answer <c>{"data": series, "meta": {...}}</c>, with the series copied byte for byte so
    /// that bar order and number formats stay as Alpha Vantage sent them.
    /// </summary>
    /// <param name="body">The upstream body; a leading byte-order mark is allowed.</param>
    /// <param name="now">The current time, for throttling windows.</param>
    /// <returns>The answer, ready to write.</returns>
    /// <exception cref="UpstreamException">
    /// The body is not a series: an in-band error, or not JSON.
    /// </exception>
    public static QuoteAnswer Parse(ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        using var document = ParseJson(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new UpstreamException(
                UpstreamFault.BadResponse, "Alpha Vantage answered JSON that is not an object.");
        }

        if (!TryFindSeries(root, out var series))
        {
            throw InBandError.Classify(root, now);
        }

        var (latestTime, latestClose) = LatestBar(series);
        return new QuoteAnswer(Write(root, series), latestTime, latestClose);
    }

    private static JsonDocument ParseJson(ReadOnlyMemory<byte> body)
    {
        try
        {
            return Utf8JsonBody.Parse(body);
        }
        catch (JsonException)
        {
            throw new UpstreamException(
                UpstreamFault.BadResponse, $"Alpha Vantage answered {body.Length} bytes that are not JSON.");
        }
    }

    private static bool TryFindSeries(JsonElement root, out JsonElement series)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name.StartsWith(SeriesPrefix, StringComparison.Ordinal)
                && property.Value.ValueKind == JsonValueKind.Object)
            {
                series = property.Value;
                return true;
            }
        }

        series = default;
        return false;
    }

    // Bars come newest first. Both values go into a log entry, so only a timestamp and a number are
    // kept: whatever else an upstream wrote there stays out of the logs.
    private static (string? Time, string? Close) LatestBar(JsonElement series)
    {
        foreach (var bar in series.EnumerateObject())
        {
            var close = bar.Value.ValueKind == JsonValueKind.Object ? MetaValue(bar.Value, "close") : null;
            return (
                DateTime.TryParseExact(bar.Name, BarTimeFormats, CultureInfo.InvariantCulture,
                    DateTimeStyles.None, out _) ? bar.Name : null,
                decimal.TryParse(close, NumberStyles.Number, CultureInfo.InvariantCulture, out _)
                    ? close
                    : null);
        }

        return (null, null);
    }

    private static byte[] Write(JsonElement root, JsonElement series)
    {
        var meta = root.TryGetProperty("Meta Data", out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : default;
        var buffer = new ArrayBufferWriter<byte>(JsonMarshal.GetRawUtf8Value(series).Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("data"u8);
            writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(series), skipInputValidation: true);
            writer.WriteStartObject("meta"u8);
            writer.WriteString("symbol"u8, MetaValue(meta, "Symbol"));
            writer.WriteString("interval"u8, MetaValue(meta, "Interval"));
            writer.WriteString("lastRefreshed"u8, MetaValue(meta, "Last Refreshed"));
            writer.WriteString("timeZone"u8, MetaValue(meta, "Time Zone"));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // Alpha Vantage numbers its keys ("2. Symbol", "4. close"); match the name after the number.
    private static string? MetaValue(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            var dot = property.Name.IndexOf(". ", StringComparison.Ordinal);
            var bare = dot >= 0 ? property.Name.AsSpan(dot + 2) : property.Name.AsSpan();
            if (bare.Equals(name, StringComparison.OrdinalIgnoreCase)
                && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString();
            }
        }

        return null;
    }
}
