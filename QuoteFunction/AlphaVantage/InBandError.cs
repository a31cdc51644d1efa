using System.Text.Json;

namespace QuoteFunction.AlphaVantage;

/// <summary>
/// Reads the errors Alpha Vantage reports with HTTP 200: a body holding one of <c>Error
/// Message</c>, <c>Note</c> or <c>Information</c> instead of a series. The texts are matched by
/// meaning and never passed on: they can quote the caller's key.
/// </summary>
internal static class InBandError
{
    private static readonly TimeSpan SecondWindow = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinuteWindow = TimeSpan.FromMinutes(1);

    /// <summary>The failure that <paramref name="root"/>, a body without a series, reports.</summary>
    /// <param name="root">The parsed body.</param>
    /// <param name="now">The current time, to compute how long a daily limit lasts.</param>
    /// <returns>The failure, with a retry window for throttling.</returns>
    public static UpstreamException Classify(JsonElement root, DateTimeOffset now)
    {
        if (Text(root, "Error Message") is { } error)
        {
            return Contains(error, "apikey")
                ? new UpstreamException(UpstreamFault.KeyRejected, "Alpha Vantage refused the API key.")
                : new UpstreamException(
                    UpstreamFault.UnknownSymbol, "Alpha Vantage answered 'Invalid API call'.");
        }

        if (Text(root, "Note") is not null)
        {
            // The pre-2024 throttle: 5 calls a minute, 500 a day; the minute is what usually runs out.
            return Throttled("a per-minute limit (Note)", MinuteWindow);
        }

        if (Text(root, "Information") is { } information)
        {
            return Information(information, now);
        }

        return new UpstreamException(
            UpstreamFault.BadResponse, "Alpha Vantage answered a JSON object with no time series.");
    }

    private static UpstreamException Information(string text, DateTimeOffset now)
    {
        // The burst text also names the daily allowance, so it is recognised first.
        if (Contains(text, "per second") || Contains(text, "spreading out") || Contains(text, "sparingly"))
        {
            return Throttled("the burst limit", SecondWindow);
        }

        if (Contains(text, "per day") || Contains(text, "daily"))
        {
            return Throttled("the daily limit", UntilNextDay(now));
        }

        // In 2018 the rate limit read "...if you would like to have a higher API call volume".
        if (Contains(text, "per minute") || Contains(text, "call frequency") || Contains(text, "call volume"))
        {
            return Throttled("a per-minute limit (Information)", MinuteWindow);
        }

        if (Contains(text, "premium"))
        {
            return new UpstreamException(
                UpstreamFault.PremiumOnly, "Alpha Vantage keeps this request for premium keys.");
        }

        if (Contains(text, "demo"))
        {
            return new UpstreamException(
                UpstreamFault.KeyRejected, "Alpha Vantage's demo key serves only its examples (IBM).");
        }

        return Contains(text, "apikey") || Contains(text, "api key")
            ? new UpstreamException(UpstreamFault.KeyRejected, "Alpha Vantage refused the API key.")
            : new UpstreamException(
                UpstreamFault.BadResponse, "Alpha Vantage answered an unrecognised Information.");
    }

    private static UpstreamException Throttled(string limit, TimeSpan window) =>
        new(UpstreamFault.Throttled, $"Alpha Vantage throttles the key: {limit}.", window);

    // Alpha Vantage counts days in US/Eastern, like its timestamps.
    private static TimeSpan UntilNextDay(DateTimeOffset now)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById("America/New_York", out var eastern)
            ? eastern
            : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var midnight = new DateTimeOffset(local.Date.AddDays(1), zone.GetUtcOffset(local.Date.AddDays(1)));
        return midnight - now;
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static bool Contains(string text, string word) =>
        text.Contains(word, StringComparison.OrdinalIgnoreCase);
}
