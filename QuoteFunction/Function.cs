using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using QuoteFunction.Hosting;

namespace QuoteFunction;

/// <summary>
/// Answers <c>POST ?symbol=GOOG</c> (or a JSON body <c>{"symbol": "GOOG"}</c>) with Alpha
/// Vantage's intraday series as <c>{"data": {...}, "meta": {...}}</c>; failures are answered
/// with <c>application/problem+json</c>.
/// </summary>
public sealed class Function(
    QuoteService quotes, TimeProvider timeProvider, ILogger<Function> logger)
    : IHttpFunction
{
    private const string SchedulerJobHeader = "X-CloudScheduler-JobName";

    // The caller went away and reads no answer; 499 is the status proxies log for that.
    private const int ClientClosedRequest = 499;

    /// <inheritdoc />
    public async Task HandleAsync(HttpContext context)
    {
        var started = timeProvider.GetTimestamp();
        var outcome = await AnswerAsync(context);

        var status = context.Response.StatusCode;
        var elapsed = Milliseconds(timeProvider.GetElapsedTime(started));
        if (outcome.Fetch is { } fetch)
        {
            FunctionLog.RequestAnswered(
                logger,
                LevelOf(status, outcome.Fault),
                context.Request.Method,
                fetch.Request.Symbol,
                fetch.Request.Interval,
                status,
                CacheName(fetch.Cache),
                Milliseconds(fetch.UpstreamTime),
                elapsed);
        }
        else
        {
            FunctionLog.RequestRejected(
                logger, LevelOf(status, null), context.Request.Method, status, elapsed);
        }

        if (SchedulerJob(context.Request) is { } job
            && outcome is { Fetch: { } answered, Answer: { } answer })
        {
            FunctionLog.ScheduledRun(
                logger, job, answered.Request.Symbol, answer.LatestBarTime, answer.LatestClose);
        }
    }

    private async Task<Outcome> AnswerAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        // Methods are case-sensitive (RFC 9110): "post" is some other method.
        if (context.Request.Method != HttpMethods.Post)
        {
            context.Response.Headers.Allow = HttpMethods.Post;
            await ProblemResponses.WriteAsync(context, StatusCodes.Status405MethodNotAllowed,
                "Send a POST request, such as POST /?symbol=IBM.");
            return Outcome.Rejected;
        }

        QuoteRequest? request;
        try
        {
            var fields = await QuoteInput.ReadAsync(context.Request, cancellationToken);
            var today = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
            request = QuoteRequest.Validate(fields, today, out var errors);
            if (request is null)
            {
                await ProblemResponses.WriteValidationAsync(context, errors);
                return Outcome.Rejected;
            }
        }
        catch (BadHttpRequestException exception)
        {
            // Kestrel's text for a slow body names its own setting, which means nothing to a caller.
            var detail = exception.StatusCode == StatusCodes.Status408RequestTimeout
                ? "The body arrived too slowly; send it all at once."
                : exception.Message;
            await ProblemResponses.WriteAsync(context, exception.StatusCode, detail);
            return Outcome.Rejected;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Response.StatusCode = ClientClosedRequest;
            return Outcome.Rejected;
        }
        catch (IOException)
        {
            // Kestrel's own body faults are BadHttpRequestException, caught above; any other
            // failure to read the body means the connection broke, so the caller is gone. Aborting
            // spares Kestrel draining a body whose reader the failed read left mid-read.
            context.Response.StatusCode = ClientClosedRequest;
            context.Abort();
            return Outcome.Rejected;
        }

        var fetch = new QuoteFetch(request);
        try
        {
            var answer = await quotes.GetAsync(fetch, cancellationToken);
            await WriteAnswerAsync(context, answer, cancellationToken);
            return new Outcome(fetch, answer, null);
        }
        catch (UpstreamException exception)
        {
            // Requests that waited on another's call share its failure; that one logs the cause.
            if (fetch.CalledUpstream)
            {
                FunctionLog.UpstreamFailed(
                    logger, LevelOf(exception.Fault), exception.Fault, exception.Message);
            }

            await ProblemResponses.WriteUpstreamAsync(context, request, exception);
            return new Outcome(fetch, null, exception.Fault);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Response.StatusCode = ClientClosedRequest;
            return new Outcome(fetch, null, null);
        }
    }

    private static async Task WriteAnswerAsync(
        HttpContext context, QuoteAnswer answer, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = answer.Body.Length;
        await context.Response.Body.WriteAsync(answer.Body, cancellationToken);
    }

    private static LogLevel LevelOf(int status, UpstreamFault? fault) => fault switch
    {
        { } upstream => LevelOf(upstream),
        null when status >= 500 => LogLevel.Error,
        null when status is >= 400 and < 499 => LogLevel.Warning,
        _ => LogLevel.Information,
    };

    private static LogLevel LevelOf(UpstreamFault fault) => fault switch
    {
        UpstreamFault.KeyUnavailable => LogLevel.Error,
        UpstreamFault.UnknownSymbol => LogLevel.Information,
        _ => LogLevel.Warning,
    };

    private static long Milliseconds(TimeSpan time) => (long)time.TotalMilliseconds;

    private static string CacheName(CacheOutcome cache) => cache switch
    {
        CacheOutcome.Hit => "hit",
        CacheOutcome.Shared => "shared",
        CacheOutcome.Off => "off",
        _ => "miss",
    };

    // The header is the caller's to set; keep only what a job name can hold.
    private static string? SchedulerJob(HttpRequest request) =>
        request.Headers[SchedulerJobHeader].ToString() is { Length: > 0 and <= 500 } job
            && job.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')
            ? job
            : null;

    // Fetch is null when the request was refused before it reached the service.
    private sealed record Outcome(QuoteFetch? Fetch, QuoteAnswer? Answer, UpstreamFault? Fault)
    {
        public static readonly Outcome Rejected = new(null, null, null);
    }
}
