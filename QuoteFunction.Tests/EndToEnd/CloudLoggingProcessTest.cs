using System.Net;
using System.Text.Json;
using QuoteFunction.Tests.Fakes;

namespace QuoteFunction.Tests.EndToEnd;

/// <summary>
/// On Google Cloud (K_SERVICE set) every entry on stdout is one JSON object that Cloud Logging
/// reads: severity, message, fields, and the request's trace.
/// </summary>
public sealed class CloudLoggingProcessTest : IAsyncLifetime
{
    private const string TraceId = "105445aa7843bc8bf206b12000100000";
    private const string W3CTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    private CloudStandIns standIns = null!;

    public async Task InitializeAsync() => standIns = await CloudStandIns.StartAsync();

    public async Task DisposeAsync() => await standIns.DisposeAsync();

    [Fact]
    public async Task Run_OnGoogleCloud_WritesOneJsonEntryPerLineTiedToTraces()
    {
        standIns.Secrets.Behaviour = SecretBehaviour.PermissionDenied;
        await using var function = await FunctionProcess.StartAsync(standIns.Environment());

        using var denied = await PostAsync(
            function, "?symbol=IBM", ("X-Cloud-Trace-Context", $"{TraceId}/1;o=1"));
        standIns.Secrets.Behaviour = SecretBehaviour.Serve;
        using var answered = await PostAsync(function, "?symbol=IBM",
            ("traceparent", $"00-{W3CTraceId}-00f067aa0ba902b7-01"));
        using var scheduled = await PostAsync(function, "?symbol=MSFT",
            ("X-CloudScheduler-JobName", "quote-function-schedule"),
            ("X-Cloud-Trace-Context", $"{TraceId}/255"));
        standIns.AlphaVantage.RespondWith(AlphaVantageBodies.BurstLimit);
        using var throttled = await PostAsync(function, "?symbol=GOOG");
        await function.WaitForLineAsync(line =>
            line.Contains("\"Symbol\":\"GOOG\"") && line.Contains("\"Status\":429"));

        Assert.Equal(HttpStatusCode.InternalServerError, denied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        var entries = function.StandardOutput.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.All(entries, entry =>
        {
            Assert.Contains(
                entry.GetProperty("severity").GetString(),
                new[] { "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL" });
            Assert.False(string.IsNullOrEmpty(entry.GetProperty("message").GetString()));
            Assert.False(string.IsNullOrEmpty(entry.GetProperty("category").GetString()));
        });

        var deniedEntry = Request(entries, "IBM", 500);
        Assert.Equal("ERROR", deniedEntry.GetProperty("severity").GetString());
        Assert.Equal(
            $"projects/fake-project-123/traces/{TraceId}",
            deniedEntry.GetProperty("logging.googleapis.com/trace").GetString());
        Assert.Equal(
            "0000000000000001", deniedEntry.GetProperty("logging.googleapis.com/spanId").GetString());
        Assert.True(deniedEntry.GetProperty("logging.googleapis.com/trace_sampled").GetBoolean());
        Assert.Contains(entries, entry => entry.GetProperty("severity").GetString() == "ERROR"
            && entry.GetProperty("message").GetString()!.Contains("PERMISSION_DENIED")
            && entry.GetProperty("message").GetString()!.Contains(
                "projects/fake-project-123/secrets/alpha-vantage-key/versions/latest"));

        var answeredEntry = Request(entries, "IBM", 200);
        Assert.Equal("INFO", answeredEntry.GetProperty("severity").GetString());
        Assert.Equal("POST", answeredEntry.GetProperty("Method").GetString());
        Assert.Equal("15min", answeredEntry.GetProperty("Interval").GetString());
        Assert.Equal("miss", answeredEntry.GetProperty("Cache").GetString());
        Assert.True(answeredEntry.GetProperty("UpstreamMs").GetInt64() >= 0);
        Assert.True(answeredEntry.GetProperty("TotalMs").GetInt64()
            >= answeredEntry.GetProperty("UpstreamMs").GetInt64());
        Assert.Equal(
            $"projects/fake-project-123/traces/{W3CTraceId}",
            answeredEntry.GetProperty("logging.googleapis.com/trace").GetString());
        Assert.Equal(
            "00f067aa0ba902b7", answeredEntry.GetProperty("logging.googleapis.com/spanId").GetString());

        var scheduledEntry = Assert.Single(entries, entry => entry.TryGetProperty("SchedulerJob", out _));
        Assert.Equal("quote-function-schedule", scheduledEntry.GetProperty("SchedulerJob").GetString());
        Assert.Equal("2026-11-27 16:00:00", scheduledEntry.GetProperty("LatestBarTime").GetString());
        Assert.Equal("100.1250", scheduledEntry.GetProperty("LatestClose").GetString());
        Assert.Equal(
            "00000000000000ff", scheduledEntry.GetProperty("logging.googleapis.com/spanId").GetString());
        Assert.False(scheduledEntry.GetProperty("logging.googleapis.com/trace_sampled").GetBoolean());

        Assert.Equal("WARNING", Request(entries, "GOOG", 429).GetProperty("severity").GetString());
        await function.StopAsync();
        standIns.AssertNoSecretIn(function.AllOutput);
    }

    private static JsonElement Request(List<JsonElement> entries, string symbol, int status) =>
        Assert.Single(entries, entry =>
            entry.TryGetProperty("Symbol", out var value) && value.GetString() == symbol
            && entry.TryGetProperty("Status", out var code) && code.GetInt32() == status
            && !entry.TryGetProperty("SchedulerJob", out _));

    private static Task<HttpResponseMessage> PostAsync(
        FunctionProcess function, string query, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, query);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return function.Client.SendAsync(request);
    }
}
