// The benchmark's two stand-ins, one per mode:
//   --mode floor --body FILE     answers every POST with FILE's bytes as application/json: the
//                                least an ASP.NET Core app can do to send the function's answer.
//   --mode upstream [--delay-ms N]
//                                plays Alpha Vantage: GET /query?symbol=..&interval=.. answers a
//                                made-up compact intraday series after N ms (default 0);
//                                GET /calls answers how many /query calls it has had.
// Listens where --urls says (run.sh gives a 127.0.0.1 address); logs warnings and errors only.
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

// The function leaves the Server header out; so does the floor, so both send the same bytes.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

var app = builder.Build();
switch (app.Configuration["mode"])
{
    case "floor":
        var body = await File.ReadAllBytesAsync(
            app.Configuration["body"]
                ?? throw new InvalidOperationException("--mode floor needs --body FILE."));
        app.Run(async context =>
        {
            if (!HttpMethods.IsPost(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                return;
            }

            context.Response.ContentType = "application/json";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
        });
        break;

    case "upstream":
        var delay = TimeSpan.FromMilliseconds(app.Configuration.GetValue("delay-ms", 0));
        var calls = 0L;
        var series = new ConcurrentDictionary<(string, string), byte[]>();
        app.MapGet("/calls", () => Interlocked.Read(ref calls).ToString(CultureInfo.InvariantCulture));
        app.MapGet("/query", async (string? symbol, string? interval, CancellationToken cancellationToken) =>
        {
            Interlocked.Increment(ref calls);
            await Task.Delay(delay, cancellationToken);

            // Built once per symbol and interval, so that the upstream costs next to nothing.
            var answer = series.GetOrAdd(
                (symbol ?? "IBM", interval ?? "15min"), key => Series(key.Item1, key.Item2));
            return Results.Bytes(answer, "application/json");
        });
        break;

    default:
        await Console.Error.WriteLineAsync(
            "Usage: Floor --mode floor --body FILE | --mode upstream [--delay-ms N]");
        return 2;
}

await app.RunAsync();
return 0;

// A body in TIME_SERIES_INTRADAY's shape, indented as Alpha Vantage indents it: 100 bars, newest
// first, prices from a random walk seeded by the symbol so that every run serves the same bytes.
static byte[] Series(string symbol, string interval)
{
    const string TimeFormat = "yyyy-MM-dd HH:mm:ss";
    var minutes = int.TryParse(interval.TrimEnd('m', 'i', 'n'), out var value) ? value : 15;
    var time = new DateTime(2025, 6, 13, 16, 0, 0);
    var random = new Random(symbol.Sum(c => c));
    var price = 50m + random.Next(0, 20_000) / 100m;

    using var stream = new MemoryStream();
    using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, IndentSize = 4 }))
    {
        json.WriteStartObject();
        json.WriteStartObject("Meta Data");
        json.WriteString("1. Information", $"Intraday ({interval}) open, high, low, close prices and volume");
        json.WriteString("2. Symbol", symbol);
        json.WriteString("3. Last Refreshed", time.ToString(TimeFormat, CultureInfo.InvariantCulture));
        json.WriteString("4. Interval", interval);
        json.WriteString("5. Output Size", "Compact");
        json.WriteString("6. Time Zone", "US/Eastern");
        json.WriteEndObject();

        json.WriteStartObject($"Time Series ({interval})");
        for (var bar = 0; bar < 100; bar++)
        {
            var close = price;
            var open = close + random.Next(-50, 51) / 100m;
            json.WriteStartObject(time.ToString(TimeFormat, CultureInfo.InvariantCulture));
            json.WriteString("1. open", Price(open));
            json.WriteString("2. high", Price(Math.Max(open, close) + random.Next(0, 20) / 100m));
            json.WriteString("3. low", Price(Math.Min(open, close) - random.Next(0, 20) / 100m));
            json.WriteString("4. close", Price(close));
            json.WriteString("5. volume", random.Next(1_000, 50_000).ToString(CultureInfo.InvariantCulture));
            json.WriteEndObject();

            price = open;
            time = time.AddMinutes(-minutes);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    return stream.ToArray();
}

static string Price(decimal value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
