using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace QuoteFunction.Hosting;

/// <summary>
/// Sends logs to Cloud Logging as structured entries when the function runs on Google Cloud,
/// and links them to the trace of the request they were written in.
/// </summary>
public static class CloudLoggingExtensions
{
    // The prefix of all of Kestrel's logger categories, its transports' included.
    internal const string KestrelCategory = "Microsoft.AspNetCore.Server.Kestrel";

    /// <summary>
    /// On Google Cloud (<c>K_SERVICE</c> set), replaces every logging provider with the console
    /// logger writing one JSON line per entry through <see cref="CloudLoggingFormatter"/>, and
    /// drops Kestrel's entries below Error. Elsewhere, changes nothing: the usual readable
    /// console stays.
    /// </summary>
    /// <param name="logging">The host's logging builder.</param>
    /// <param name="configuration">Configuration that includes environment variables.</param>
    /// <returns><paramref name="logging"/>, for chaining.</returns>
    public static ILoggingBuilder AddCloudLogging(
        this ILoggingBuilder logging, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!configuration.IsGoogleCloud())
        {
            return logging;
        }

        logging.ClearProviders();
        logging.AddConsole(options => options.FormatterName = CloudLoggingFormatter.FormatterName);
        logging.AddConsoleFormatter<CloudLoggingFormatter, ConsoleFormatterOptions>();

        // An instance that scales to zero gets no CPU between requests, so Kestrel's heartbeat
        // wakes late and warns of thread-pool starvation that is not there.
        logging.AddFilter(KestrelCategory, LogLevel.Error);
        return logging;
    }

    /// <summary>
    /// On Google Cloud, runs each request that carries <c>X-Cloud-Trace-Context</c> or W3C
    /// <c>traceparent</c> inside a logging scope that <see cref="CloudLoggingFormatter"/> writes
    /// as the entry's trace, span and sampling fields. Malformed headers are ignored. The
    /// project comes from the <see cref="Secrets.IProjectIdResolver"/> service; when there is
    /// none or it fails, requests are not scoped and nothing is logged about it. Elsewhere, adds
    /// nothing to the pipeline.
    /// </summary>
    /// <param name="app">The pipeline; call this first, so that all later entries are linked.
    /// </param>
    /// <returns><paramref name="app"/>, for chaining.</returns>
    public static IApplicationBuilder UseCloudTraceContext(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        var configuration = app.ApplicationServices.GetRequiredService<IConfiguration>();
        return configuration.IsGoogleCloud()
            ? app.UseMiddleware<CloudTraceContextMiddleware>()
            : app;
    }
}
