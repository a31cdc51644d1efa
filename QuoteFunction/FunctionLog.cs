using Microsoft.Extensions.Logging;

namespace QuoteFunction;

/// <summary>
/// The function's log messages. Fields are named so they become filterable fields in Cloud
/// Logging; none carries a key, a token, a payload or an upstream URI.
/// </summary>
internal static partial class FunctionLog
{
    [LoggerMessage(EventId = 1, Message =
        "{Method} {Symbol} {Interval}: {Status}, cache {Cache}, " +
        "upstream {UpstreamMs} ms, total {TotalMs} ms")]
    public static partial void RequestAnswered(
        ILogger logger, LogLevel level, string method, string symbol, string interval, int status,
        string cache, long upstreamMs, long totalMs);

    [LoggerMessage(EventId = 2, Message = "Upstream failure {Fault}: {Reason}")]
    public static partial void UpstreamFailed(
        ILogger logger, LogLevel level, UpstreamFault fault, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message =
        "Scheduled run by {SchedulerJob}: {Symbol} latest bar {LatestBarTime} close {LatestClose}")]
    public static partial void ScheduledRun(
        ILogger logger, string schedulerJob, string symbol, string? latestBarTime, string? latestClose);

    [LoggerMessage(EventId = 4, Message = "{Method} rejected: {Status}, total {TotalMs} ms")]
    public static partial void RequestRejected(
        ILogger logger, LogLevel level, string method, int status, long totalMs);
}
