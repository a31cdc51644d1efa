using System.Text;
using QuoteFunction.Tests.Fakes;

namespace QuoteFunction.Tests.Errors;

/// <summary>Every failure the function must answer, by name, with its status.</summary>
public static class FailureMatrix
{
    private static readonly Action<CloudStandIns> Nothing = _ => { };

    /// <summary>The library categories appsettings.json quiets, for tests that let them all speak.</summary>
    public static readonly string[] LibraryCategories =
        ["Microsoft.AspNetCore", "Microsoft.Extensions.Http", "System.Net.Http.HttpClient", "Polly"];

    public static IReadOnlyDictionary<string, FailureCase> Cases { get; } =
        new Dictionary<string, FailureCase>
        {
            ["symbol missing"] = Query(400, ""),
            ["symbol empty"] = Query(400, "?symbol="),
            ["symbol too long"] = Query(400, "?symbol=" + new string('A', 21)),
            ["symbol with space"] = Query(400, "?symbol=IB%20M"),
            ["symbol with quote"] = Query(400, "?symbol=IBM%22%7D"),
            ["symbol with slash"] = Query(400, "?symbol=..%2F..%2Fetc"),
            ["symbol twice"] = Query(400, "?symbol=IBM&symbol=MSFT"),
            ["interval invalid"] = Query(400, "?symbol=IBM&interval=2min"),
            ["outputsize invalid"] = Query(400, "?symbol=IBM&outputsize=huge"),
            ["adjusted invalid"] = Query(400, "?symbol=IBM&adjusted=yes"),
            ["extended_hours invalid"] = Query(400, "?symbol=IBM&extended_hours=1"),
            ["month invalid"] = Query(400, "?symbol=IBM&month=2024-13"),
            ["month too early"] = Query(400, "?symbol=IBM&month=1999-12"),
            ["month in the future"] = Query(400, "?symbol=IBM&month=2999-01"),
            ["body not JSON"] = Body(400, "symbol=IBM"),
            ["body an array"] = Body(400, "[\"IBM\"]"),
            ["body symbol a number"] = Body(400, "{\"symbol\": 42}"),
            ["body truncated"] = Body(400, "{\"symbol\": \"IB"),
            ["body over 64 KiB"] =
                Body(413, "{\"symbol\": \"IBM\", \"pad\": \"" + new string('x', 70_000) + "\"}"),
            ["body not UTF-8"] = BodyBytes(400, [.. "{\"symbol\": \""u8, 0xFF, .. "\"}"u8]),
            ["body name not UTF-8"] = BodyBytes(400, [.. "{\""u8, 0xC3, 0x28, .. "\": \"IBM\"}"u8]),
            ["body symbol a lone surrogate"] = Body(400, "{\"symbol\": \"\\ud800\"}"),
            ["body other name a lone surrogate"] = Body(400, "{\"symbol\": \"IBM\", \"x\\udfff\": 1}"),
            ["method GET"] =
                new(405, Nothing, client => client.GetAsync("?symbol=IBM"), ReachesUpstream: false),
            ["method PUT"] =
                new(405, Nothing, client => client.PutAsync("?symbol=IBM", null), ReachesUpstream: false),
            ["unknown symbol"] = Upstream(404, AlphaVantageBodies.InvalidCall),
            ["throttled per minute"] = Upstream(429, AlphaVantageBodies.MinuteNote, retryAfter: true),
            ["throttled per day"] = new(
                429,
                standIns => standIns.AlphaVantage.RespondWith(AlphaVantageBodies.DailyLimit(standIns.Key)),
                Post,
                RetryAfter: true),
            ["throttled per second"] = Upstream(429, AlphaVantageBodies.BurstLimit, retryAfter: true),
            ["key rejected"] = Upstream(502, AlphaVantageBodies.InvalidKey),
            ["premium only"] = Upstream(502, AlphaVantageBodies.Premium),
            ["demo key misused"] = Upstream(502, AlphaVantageBodies.DemoOnly),
            ["upstream HTTP 500"] = new(502, standIns => standIns.AlphaVantage.RespondWith("{}", 500), Post),
            ["upstream HTML"] = new(
                502,
                standIns => standIns.AlphaVantage.RespondWith(
                    "<html><body>oops</body></html>", 200, "text/html"),
                Post),
            ["upstream empty object"] = Upstream(502, "{}"),
            ["upstream empty body"] = Upstream(502, ""),
            ["upstream truncated JSON"] = Upstream(502, AlphaVantageBodies.Intraday("IBM")[..200]),
            ["upstream JSON array"] = Upstream(502, "[1, 2]"),
            ["upstream unknown Information"] =
                Upstream(502, "{\"Information\": \"Something new happened.\"}"),
            ["upstream bar a lone surrogate"] =
                Upstream(502, "{\"Time Series (15min)\": {\"\\ud800\": {\"4. close\": \"1.0\"}}}"),
            ["upstream meta a lone surrogate"] = Upstream(
                502,
                "{\"Meta Data\": {\"2. Symbol\": \"\\udc00\"}, \"Time Series (15min)\": {}}"),
            ["upstream error a lone surrogate"] = Upstream(502, "{\"Error Message\": \"bad \\ud800\"}"),
            ["upstream not UTF-8"] = new(
                502,
                standIns => standIns.AlphaVantage.RespondWith(
                    [.. "{\"Time Series (15min)\": {\"2026-01-02 10:00:00\": {\"4. close\": \""u8,
                        0xFF,
                        .. "\"}}}"u8]),
                Post),
            ["upstream redirects"] = new(
                502,
                standIns => standIns.AlphaVantage.Respond = context =>
                {
                    context.Response.StatusCode = 302;
                    context.Response.Headers.Location = standIns.Secrets.Server.Address + "query";
                    return Task.CompletedTask;
                },
                Post),
            ["upstream HTTP 429 forever"] = new(
                429,
                standIns => standIns.AlphaVantage.Respond = context =>
                {
                    context.Response.StatusCode = 429;
                    context.Response.Headers.RetryAfter = "2147483647";
                    return Task.CompletedTask;
                },
                Post,
                RetryAfter: true),
            ["upstream hangs"] = new(
                504,
                standIns => standIns.AlphaVantage.Delay = TimeSpan.FromSeconds(20),
                Post,
                Settings: ("AlphaVantage:Timeout", "00:00:00.500")),
            ["secret store unavailable"] =
                Secret(503, secrets => secrets.TransientFailures = 1000, retryAfter: true),
            ["secret store stalls"] =
                Secret(503, secrets => secrets.Behaviour = SecretBehaviour.Stall, retryAfter: true),
            ["secret permission denied"] =
                Secret(500, secrets => secrets.Behaviour = SecretBehaviour.PermissionDenied),
            ["secret not found"] = Secret(500, secrets => secrets.Behaviour = SecretBehaviour.NotFound),
            ["secret version disabled"] =
                Secret(500, secrets => secrets.Behaviour = SecretBehaviour.Disabled),
            ["secret unauthenticated"] =
                Secret(500, secrets => secrets.Behaviour = SecretBehaviour.Unauthenticated),
            ["secret checksum mismatch"] =
                Secret(500, secrets => secrets.Behaviour = SecretBehaviour.BadChecksum),
            ["secret empty after trimming"] =
                Secret(500, secrets => secrets.Behaviour = SecretBehaviour.EmptyPayload),
        };

    public static TheoryData<string> Names => new(Cases.Keys);

    private static Task<HttpResponseMessage> Post(HttpClient client) => client.PostAsync("?symbol=IBM", null);

    private static FailureCase Query(int status, string query) =>
        new(status, Nothing, client => client.PostAsync(query, null), ReachesUpstream: false);

    private static FailureCase Body(int status, string body) =>
        new(
            status,
            Nothing,
            client => client.PostAsync(
                "", new StringContent(body, Encoding.UTF8, "application/octet-stream")),
            ReachesUpstream: false);

    private static FailureCase BodyBytes(int status, byte[] body) =>
        new(
            status,
            Nothing,
            client => client.PostAsync("", new ByteArrayContent(body)),
            ReachesUpstream: false);

    private static FailureCase Upstream(int status, string body, bool retryAfter = false) =>
        new(status, standIns => standIns.AlphaVantage.RespondWith(body), Post, retryAfter);

    private static FailureCase Secret(
        int status, Action<FakeSecretManager> arrange, bool retryAfter = false) =>
        new(status, standIns => arrange(standIns.Secrets), Post, retryAfter, ReachesUpstream: false);
}
