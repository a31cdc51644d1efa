using System.Globalization;
using System.Text.Json.Nodes;

namespace QuoteFunction.Tests.Fakes;

/// <summary>
/// The project's own bodies in Alpha Vantage's shape, with made-up values, so that a fresh clone
/// tests without the recorded fixtures.
/// </summary>
public static class AlphaVantageBodies
{
    public static string Intraday(string symbol, string interval = "15min", int bars = 5)
    {
        var step = int.Parse(interval[..^3], CultureInfo.InvariantCulture);
        var newest = new DateTime(2026, 11, 27, 16, 0, 0);
        var series = new JsonObject();
        for (var index = 0; index < bars; index++)
        {
            var open = 100m + index * 0.25m;
            series[newest.AddMinutes(-step * index).ToString(
                "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)] = new JsonObject
                {
                    ["1. open"] = open.ToString("F4", CultureInfo.InvariantCulture),
                    ["2. high"] = (open + 0.5m).ToString("F4", CultureInfo.InvariantCulture),
                    ["3. low"] = (open - 0.5m).ToString("F4", CultureInfo.InvariantCulture),
                    ["4. close"] = (open + 0.125m).ToString("F4", CultureInfo.InvariantCulture),
                    ["5. volume"] = (1000 + index).ToString(CultureInfo.InvariantCulture),
                };
        }

        return new JsonObject
        {
            ["Meta Data"] = new JsonObject
            {
                ["1. Information"] = $"Intraday ({interval}) open, high, low, close prices and volume",
                ["2. Symbol"] = symbol,
                ["3. Last Refreshed"] = newest.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                ["4. Interval"] = interval,
                ["5. Output Size"] = "Compact",
                ["6. Time Zone"] = "US/Eastern",
            },
            [$"Time Series ({interval})"] = series,
        }.ToJsonString();
    }

    public static string InvalidCall =>
        One("Error Message", "Invalid API call: see the documentation for TIME_SERIES_INTRADAY.");

    public static string InvalidKey =>
        One("Error Message", "the parameter apikey is invalid or missing; claim a key first.");

    public static string MinuteNote =>
        One("Note", "Standard call frequency here is 5 calls per minute and 500 calls per day.");

    public static string DailyLimit(string key) =>
        One("Information", $"We have detected your API key as {key} and the limit is 25 requests per day.");

    public static string BurstLimit =>
        One(
            "Information",
            "Please consider spreading out your requests (1 request per second); " +
            "free keys are also limited to 25 requests per day.");

    public static string Premium =>
        One("Information", "This is a premium endpoint; subscribe to a premium plan to unlock it.");

    public static string DemoOnly =>
        One("Information", "The demo API key is for demo purposes only; claim a free key.");

    private static string One(string name, string text) => new JsonObject { [name] = text }.ToJsonString();
}
