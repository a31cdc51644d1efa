using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using QuoteFunction.Hosting;

namespace QuoteFunction;

/// <summary>
/// Answers <c>POST ?symbol=GOOG</c> (or a JSON body <c>{"symbol": "GOOG"}</c>) with Alpha
/// Vantage's intraday series as <c>{"data": {...}, "meta": {...}}</c>; failures are answered
/// with <c>application/problem+json</c>.
/// </summary>
public sealed class Function(
    QuoteService quotes, IProblemDetailsService problems, TimeProvider timeProvider, ILogger<Function> logger)
    : IHttpFunction
{
    private const string SchedulerJobHeader = "X-CloudScheduler-JobName";
    // The caller went away and reads no answer; 499 is the status proxies log for that.
    private const int ClientClosedRequest = 499;
    private const string ProblemJsonContentType = "application/problem+json";
    private const string TooManyRequestsType = "https://www.rfc-editor.org/rfc/rfc6585#section-4";

    /// <inheritdoc />
    public async Task HandleAsync(HttpContext context)
    {
        var started = timeProvider.GetTimestamp();
        var outcome = await AnswerAsync(context);

        var status = context.Response.StatusCode;
        var elapsed = Milliseconds(timeProvider.GetElapsedTime(started));
        if (outcome.Request is { } request)
        {
            FunctionLog.RequestAnswered(
                logger,
                LevelOf(status, outcome.Fault),
                context.Request.Method,
                request.Symbol,
                request.Interval,
                status,
                CacheName(outcome.Cache),
                Milliseconds(outcome.UpstreamTime),
                elapsed);
        }
        else
        {
            FunctionLog.RequestRejected(
                logger, LevelOf(status, null), context.Request.Method, status, elapsed);
        }

        if (SchedulerJob(context.Request) is { } job && outcome.Result is { } result)
        {
            FunctionLog.ScheduledRun(
                logger, job, outcome.Request!.Symbol, result.Answer.LatestBarTime, result.Answer.LatestClose);
        }
    }

    private async Task<Outcome> AnswerAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.Headers.Allow = HttpMethods.Post;
            await WriteProblemAsync(context, StatusCodes.Status405MethodNotAllowed,
                "Send a POST request, such as POST /?symbol=IBM.");
            return new Outcome(null, null, null);
        }

        QuoteRequest? request;
        try
        {
            var fields = await QuoteInput.ReadAsync(context.Request, cancellationToken);
            var today = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
            request = QuoteRequest.Validate(fields, today, out var errors);
            if (request is null)
            {
                await WriteValidationProblemAsync(context, errors);
                return new Outcome(null, null, null);
            }
        }
        catch (BadHttpRequestException exception)
        {
            await WriteProblemAsync(context, exception.StatusCode, exception.Message);
            return new Outcome(null, null, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Response.StatusCode = ClientClosedRequest;
            return new Outcome(null, null, null);
        }

        var upstreamStarted = timeProvider.GetTimestamp();
        try
        {
            var result = await quotes.GetAsync(request, cancellationToken);
            await WriteAnswerAsync(context, result.Answer, cancellationToken);
            return new Outcome(request, result, null, result.Cache, result.UpstreamTime);
        }
        catch (UpstreamException exception)
        {
            FunctionLog.UpstreamFailed(logger, LevelOf(exception.Fault), exception.Fault, exception.Message);
            await WriteUpstreamProblemAsync(context, request, exception);
            return new Outcome(
                request,
                null,
                exception.Fault,
                CacheOutcome.Miss,
                timeProvider.GetElapsedTime(upstreamStarted));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Response.StatusCode = ClientClosedRequest;
            return new Outcome(
                request, null, null, CacheOutcome.Miss, timeProvider.GetElapsedTime(upstreamStarted));
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

    private Task WriteUpstreamProblemAsync(
        HttpContext context, QuoteRequest request, UpstreamException exception)
    {
        if (exception.RetryAfter is { } retryAfter)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        var (status, detail) = exception.Fault switch
        {
            UpstreamFault.UnknownSymbol =>
                (404, $"Alpha Vantage has no intraday series for {request.Symbol}."),
            UpstreamFault.Throttled =>
                (429, "Alpha Vantage is throttling this function's API key; " +
                    "retry after Retry-After seconds."),
            UpstreamFault.KeyRejected => (502, "Alpha Vantage refused the function's API key."),
            UpstreamFault.PremiumOnly => (502, "Alpha Vantage serves this request to premium keys only."),
            UpstreamFault.BadResponse => (502, "Alpha Vantage's answer could not be used."),
            UpstreamFault.Timeout => (504, "Alpha Vantage did not answer in time."),
            UpstreamFault.SecretStoreUnavailable =>
                (503, "The function's API key cannot be read right now; " +
                    "retry after Retry-After seconds."),
            _ => (500, "The function's API key is unavailable."),
        };
        return WriteProblemAsync(context, status, detail);
    }

    private Task WriteProblemAsync(HttpContext context, int status, string detail) =>
        WriteAsync(context, new ProblemDetails { Status = status, Detail = detail });

    private Task WriteValidationProblemAsync(HttpContext context, Dictionary<string, string[]> errors) =>
        WriteAsync(context, new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = string.Join(" ", errors.Values.SelectMany(messages => messages)),
        });

    private async Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        // ASP.NET Core's defaults give a type and title for most statuses, but not for 429.
        context.Response.StatusCode = problem.Status!.Value;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        if (problem.Status == StatusCodes.Status429TooManyRequests)
        {
            problem.Type ??= TooManyRequestsType;
        }

        // The service declines when the caller's Accept header names no JSON type; the contract
        // is a problem body all the same.
        var written = await problems.TryWriteAsync(
            new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
        if (!written)
        {
            problem.Type ??= "about:blank";
            await context.Response.WriteAsJsonAsync(
                problem, problem.GetType(), options: null, ProblemJsonContentType, context.RequestAborted);
        }
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
        CacheOutcome.Off => "off",
        _ => "miss",
    };

    // The header is the caller's to set; keep only what a job name can hold.
    private static string? SchedulerJob(HttpRequest request) =>
        request.Headers[SchedulerJobHeader].ToString() is { Length: > 0 and <= 500 } job
            && job.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')
            ? job
            : null;

    private sealed record Outcome(
        QuoteRequest? Request,
        QuoteResult? Result,
        UpstreamFault? Fault,
        CacheOutcome Cache = CacheOutcome.Miss,
        TimeSpan UpstreamTime = default);
}
