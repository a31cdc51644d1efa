using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuoteFunction.Secrets;

namespace QuoteFunction.Hosting;

/// <summary>
/// Runs the rest of the request inside a <see cref="CloudTraceScope"/> when the request carries
/// a valid <c>X-Cloud-Trace-Context</c> or, failing that, <c>traceparent</c> header and the
/// project id is known. Without either, the request runs unscoped: Cloud Logging links entries
/// through the trace's full name, which needs the project, and a span id alone links nothing.
/// </summary>
/// <param name="next">The rest of the pipeline.</param>
/// <param name="logger">Any logger of the host; scopes are shared by all its loggers.</param>
internal sealed class CloudTraceContextMiddleware(
    RequestDelegate next, ILogger<CloudTraceContextMiddleware> logger)
{
    // The project id is one metadata call away. Rather than make requests wait for it, each waits
    // at most ProjectLookupLimit (a slower request goes unlinked), and after a failed look-up the
    // look-up rests for LookupPause.
    private static readonly TimeSpan ProjectLookupLimit = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LookupPause = TimeSpan.FromSeconds(30);

    private long lookupPausedUntil;

    /// <summary>Runs <c>next</c>, inside the request's trace scope when there is one.</summary>
    /// <param name="context">The request.</param>
    /// <returns>A task that completes when the rest of the pipeline has.</returns>
    public async Task InvokeAsync(HttpContext context)
    {
        var scope = await FindScopeAsync(context);

        using (scope is null ? null : logger.BeginScope(scope))
        {
            await next(context);
        }
    }

    private async Task<CloudTraceScope?> FindScopeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        string? cloudTrace = headers[CloudTraceContext.CloudTraceHeader];
        if (!CloudTraceContext.TryParseCloudTraceHeader(cloudTrace, out var trace)
            && !CloudTraceContext.TryParseTraceParent(headers.TraceParent, out trace))
        {
            return null;
        }

        var resolver = context.RequestServices.GetService<IProjectIdResolver>();
        if (resolver is null || Environment.TickCount64 < Interlocked.Read(ref lookupPausedUntil))
        {
            return null;
        }

        try
        {
            var projectId = await resolver.GetProjectIdAsync(context.RequestAborted)
                .WaitAsync(ProjectLookupLimit, context.RequestAborted);
            return string.IsNullOrWhiteSpace(projectId)
                ? null
                : CloudTraceScope.Create(projectId, trace);
        }
        catch (TimeoutException)
        {
            // Still resolving (a cold start): this request goes unlinked, the next ones may not.
            return null;
        }
        catch (Exception)
        {
            // Linking logs to a trace is a convenience: it must never fail the request, nor add
            // a line to every request for as long as the project cannot be found.
            if (!context.RequestAborted.IsCancellationRequested)
            {
                var pausedUntil = Environment.TickCount64 + (long)LookupPause.TotalMilliseconds;
                Interlocked.Exchange(ref lookupPausedUntil, pausedUntil);
            }

            return null;
        }
    }
}
