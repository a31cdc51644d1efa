using Microsoft.AspNetCore.Http;

namespace QuoteFunction.Tests.Fakes;

/// <summary>Stands in for Alpha Vantage's <c>/query</c>: by default a generated series per symbol.</summary>
public sealed class FakeAlphaVantage : IAsyncDisposable
{
    private int aborted;

    private FakeAlphaVantage(LoopbackServer server) => Server = server;

    public LoopbackServer Server { get; }

    /// <summary>The value for <c>AlphaVantage__BaseUrl</c>.</summary>
    public Uri QueryUrl => new(Server.Address, "query");

    /// <summary>Answers instead of the generated series, when set.</summary>
    public Func<HttpContext, Task>? Respond { get; set; }

    /// <summary>Waits this long before answering (cancelled when the caller goes away).</summary>
    public TimeSpan Delay { get; set; }

    public int Calls => Server.Requests.Count;

    /// <summary>How many delayed requests the caller abandoned before the answer.</summary>
    public int Aborted => Volatile.Read(ref aborted);

    public IEnumerable<RecordedRequest> Requests => Server.Requests;

    public static async Task<FakeAlphaVantage> StartAsync()
    {
        FakeAlphaVantage? fake = null;
        var server = await LoopbackServer.StartAsync(context => fake!.HandleAsync(context));
        fake = new FakeAlphaVantage(server);
        return fake;
    }

    /// <summary>Waits until <paramref name="count"/> requests have arrived, ten seconds at most.</summary>
    public async Task WaitForCallsAsync(int count)
    {
        await Eventually.TrueAsync(() => Calls >= count);
        Assert.True(Calls >= count, $"{Calls} of {count} upstream calls arrived");
    }

    /// <summary>Waits until a delayed request was abandoned by its caller, ten seconds at most.</summary>
    public Task WaitForAbortAsync() => Eventually.TrueAsync(() => Aborted > 0);

    /// <summary>Answers every request with <paramref name="body"/> and HTTP 200.</summary>
    public void RespondWith(string body, int status = 200, string contentType = "application/json") =>
        Respond = async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body);
        };

    /// <summary>Answers every request with the bytes of <paramref name="body"/>, exactly.</summary>
    public void RespondWith(byte[] body) =>
        Respond = async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(body);
        };

    private async Task HandleAsync(HttpContext context)
    {
        if (Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref aborted);
                return;
            }
        }

        if (Respond is { } respond)
        {
            await respond(context);
            return;
        }

        context.Response.ContentType = "application/json";
        var symbol = context.Request.Query["symbol"].ToString();
        var interval = context.Request.Query["interval"].ToString();
        await context.Response.WriteAsync(AlphaVantageBodies.Intraday(symbol, interval));
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
