using System.Buffers;
using System.Globalization;

namespace QuoteFunction;

/// <summary>A validated question for Alpha Vantage's intraday series; every field is safe to send.</summary>
/// <param name="Symbol">1 to 20 of <c>A-Z 0-9 . - : ^ &amp;</c>, upper-cased.</param>
/// <param name="Interval">1min, 5min, 15min, 30min or 60min.</param>
/// <param name="OutputSize">compact (the latest 100 bars) or full.</param>
/// <param name="Adjusted">Split/dividend adjustment; null leaves Alpha Vantage's default.</param>
/// <param name="ExtendedHours">Pre- and post-market bars; null leaves Alpha Vantage's default.</param>
/// <param name="Month">A month as YYYY-MM, from 2000-01 to the current month; null for recent data.</param>
public sealed record QuoteRequest(
    string Symbol, string Interval, string OutputSize, bool? Adjusted, bool? ExtendedHours, string? Month)
{
    /// <summary>The interval used when none is given.</summary>
    public const string DefaultInterval = "15min";

    /// <summary>The longest symbol accepted.</summary>
    public const int MaxSymbolLength = 20;

    private static readonly SearchValues<char> SymbolCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-:^&");

    private static readonly string[] Intervals = ["1min", "5min", "15min", "30min", "60min"];
    private static readonly string[] OutputSizes = ["compact", "full"];

    /// <summary>A key that is equal for requests that get the same answer.</summary>
    public string CacheKey =>
        $"intraday:{Symbol}:{Interval}:{OutputSize}:{Format(Adjusted)}:{Format(ExtendedHours)}:{Month}";

    /// <summary>Validates the caller's fields, named as Alpha Vantage names its parameters.</summary>
    /// <param name="fields">Field names (case-insensitive) to the caller's values.</param>
    /// <param name="today">The current date, to refuse months in the future.</param>
    /// <param name="errors">Each invalid field with what it must be; empty when valid.</param>
    /// <returns>The request, or null when <paramref name="errors"/> is not empty.</returns>
    public static QuoteRequest? Validate(
        IReadOnlyDictionary<string, string> fields, DateOnly today, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var symbol = Field(fields, "symbol");
        var interval = Field(fields, "interval")?.ToLowerInvariant() ?? DefaultInterval;
        var outputSize = Field(fields, "outputsize")?.ToLowerInvariant() ?? "compact";
        var month = Field(fields, "month");

        if (string.IsNullOrEmpty(symbol))
        {
            errors["symbol"] = ["symbol is required: ?symbol=IBM, or a JSON body {\"symbol\": \"IBM\"}."];
        }
        else if (!IsSymbol(symbol))
        {
            errors["symbol"] =
                [$"symbol must be 1 to {MaxSymbolLength} of the letters A-Z, digits and . - : ^ &."];
        }

        if (!Intervals.Contains(interval))
        {
            errors["interval"] = ["interval must be one of 1min, 5min, 15min, 30min, 60min."];
        }

        if (!OutputSizes.Contains(outputSize))
        {
            errors["outputsize"] = ["outputsize must be compact or full."];
        }

        var adjusted = Flag(fields, "adjusted", errors);
        var extendedHours = Flag(fields, "extended_hours", errors);
        if (month is not null && !IsMonth(month, today))
        {
            errors["month"] = ["month must be YYYY-MM, from 2000-01 to the current month."];
        }

        return errors.Count == 0
            ? new QuoteRequest(
                symbol!.ToUpperInvariant(), interval, outputSize, adjusted, extendedHours, month)
            : null;
    }

    private static string? Field(IReadOnlyDictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) ? value : null;

    private static bool? Flag(
        IReadOnlyDictionary<string, string> fields, string name, Dictionary<string, string[]> errors)
    {
        switch (Field(fields, name)?.ToLowerInvariant())
        {
            case null:
                return null;
            case "true":
                return true;
            case "false":
                return false;
            default:
                errors[name] = [$"{name} must be true or false."];
                return null;
        }
    }

    private static bool IsSymbol(string value) =>
        value.Length <= MaxSymbolLength && !value.AsSpan().ContainsAnyExcept(SymbolCharacters);

    private static bool IsMonth(string value, DateOnly today) =>
        value.Length == 7
        && DateOnly.TryParseExact(
            value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
        && month.Year >= 2000
        && month <= today;

    private static string Format(bool? flag) => flag switch
    {
        true => "true",
        false => "false",
        null => "",
    };
}
