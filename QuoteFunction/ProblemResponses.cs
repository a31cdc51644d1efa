using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace QuoteFunction;

/// <summary>
/// Writes failures as RFC 9457 <c>application/problem+json</c> through ASP.NET Core's problem
/// details service. Details are the function's own words: Alpha Vantage's texts can quote the key.
/// </summary>
internal static class ProblemResponses
{
    private const string TooManyRequestsType = "https://www.rfc-editor.org/rfc/rfc6585#section-4";

    /// <summary>The answer to an upstream failure, with Retry-After when it is known.</summary>
    public static Task WriteUpstreamAsync(
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
            UpstreamFault.BadResponse =>
                (502, "Alpha Vantage could not be reached, or its answer could not be used."),
            UpstreamFault.Timeout => (504, "Alpha Vantage did not answer in time."),
            UpstreamFault.SecretStoreUnavailable =>
                (503, "The function's API key cannot be read right now; " +
                    "retry after Retry-After seconds."),
            _ => (500, "The function's API key is unavailable."),
        };
        return WriteAsync(context, status, detail);
    }

    /// <summary>A problem with <paramref name="status"/> and <paramref name="detail"/>.</summary>
    public static Task WriteAsync(HttpContext context, int status, string detail) =>
        WriteAsync(context, new ProblemDetails { Status = status, Detail = detail });

    /// <summary>A 400 naming each invalid field.</summary>
    public static Task WriteValidationAsync(HttpContext context, Dictionary<string, string[]> errors) =>
        WriteAsync(context, new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = string.Join(" ", errors.Values.SelectMany(messages => messages)),
        });

    private static async Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        // ASP.NET Core's defaults give a type and title for most statuses, but not for 429.
        context.Response.StatusCode = problem.Status!.Value;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        if (problem.Status == StatusCodes.Status429TooManyRequests)
        {
            problem.Type ??= TooManyRequestsType;
        }

        // The service declines when the caller's Accept header names no JSON type; the contract
        // is a problem body all the same, and ProblemHttpResult writes one then. The trace id is
        // set here, as the service would, so that both bodies carry it.
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.TraceIdentifier);
        await TypedResults.Problem(problem).ExecuteAsync(context);
    }
}
