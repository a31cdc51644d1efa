using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuoteFunction.Hosting;
using QuoteFunction.Secrets;
using QuoteFunction.Tests.Fakes;

namespace QuoteFunction.Tests.Hosting;

public sealed class CloudTraceContextMiddlewareTest
{
    private const string TraceId = "105445aa7843bc8bf206b12000100000";
    private const string OtherTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string Trace = "projects/quote-project/traces/" + TraceId;
    private const string HandledMessage = "Handled";
    private const string CloudHeader = CloudTraceContext.CloudTraceHeader;

    private readonly CapturingLoggerProvider captured = new();
    private readonly FakeProjectIdResolver resolver = new("quote-project");

    [Fact]
    public async Task InvokeAsync_CloudTraceHeader_ScopesRequestWithTraceOfProject()
    {
        using var host = await StartAsync();

        await SendAsync(host, (CloudHeader, TraceId + "/2;o=1"));

        Assert.Equal(new CloudTraceScope(Trace, "0000000000000002", true), HandledTraceScope());
    }

    [Fact]
    public async Task InvokeAsync_OnlyTraceParent_ScopesRequestWithW3CTrace()
    {
        using var host = await StartAsync();

        await SendAsync(host, ("traceparent", $"00-{TraceId}-00f067aa0ba902b7-00"));

        Assert.Equal(new CloudTraceScope(Trace, "00f067aa0ba902b7", false), HandledTraceScope());
    }

    [Fact]
    public async Task InvokeAsync_BothHeaders_PrefersCloudTraceHeader()
    {
        using var host = await StartAsync();

        await SendAsync(
            host,
            (CloudHeader, TraceId + "/2;o=1"),
            ("traceparent", $"00-{OtherTraceId}-00f067aa0ba902b7-00"));

        Assert.Equal(Trace, HandledTraceScope()?.Trace);
    }

    [Fact]
    public async Task InvokeAsync_MalformedCloudTraceHeader_FallsBackToTraceParent()
    {
        using var host = await StartAsync();

        await SendAsync(
            host,
            (CloudHeader, TraceId + "/not-a-number;o=1"),
            ("traceparent", $"00-{OtherTraceId}-00f067aa0ba902b7-01"));

        Assert.Equal("projects/quote-project/traces/" + OtherTraceId, HandledTraceScope()?.Trace);
    }

    [Fact]
    public async Task InvokeAsync_MalformedHeaders_RunsRequestUnscoped()
    {
        using var host = await StartAsync();

        var status = await SendAsync(
            host,
            (CloudHeader, "not-a-trace/1;o=1"),
            ("traceparent", "00-not-a-trace-01"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(HandledTraceScope());
        Assert.Equal(0, resolver.Calls);
    }

    [Fact]
    public async Task InvokeAsync_NoTraceHeader_DoesNotAskForProject()
    {
        using var host = await StartAsync();

        await SendAsync(host);

        Assert.Null(HandledTraceScope());
        Assert.Equal(0, resolver.Calls);
    }

    [Fact]
    public async Task InvokeAsync_ResolverFails_RunsRequestUnscopedAndLogsNothingAboutIt()
    {
        resolver.Failure = new UpstreamException(
            UpstreamFault.SecretStoreUnavailable, "No metadata server.");
        using var host = await StartAsync();

        var status = await SendAsync(host, (CloudHeader, TraceId + "/2;o=1"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(HandledTraceScope());
        Assert.Equal(1, resolver.Calls);
        Assert.DoesNotContain(
            captured.Entries,
            entry => entry.Category == typeof(CloudTraceContextMiddleware).FullName
                || entry.Message.Contains("metadata", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task InvokeAsync_NoResolver_RunsRequestUnscoped()
    {
        using var host = await StartAsync(withResolver: false);

        var status = await SendAsync(host, (CloudHeader, TraceId + "/2;o=1"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(HandledTraceScope());
    }

    [Fact]
    public async Task InvokeAsync_AfterRequest_LeavesNoScopeBehind()
    {
        using var host = await StartAsync();
        await SendAsync(host, (CloudHeader, TraceId + "/2;o=1"));

        await SendAsync(host);

        var last = captured.Entries.Last(entry => entry.Message == HandledMessage);
        Assert.Null(HandledTraceScope(last));
    }

    [Fact]
    public async Task UseCloudTraceContext_NotOnGoogleCloud_AddsNothing()
    {
        using var host = await StartAsync(onGoogleCloud: false);

        await SendAsync(host, (CloudHeader, TraceId + "/2;o=1"));

        Assert.Null(HandledTraceScope());
        Assert.Equal(0, resolver.Calls);
    }

    private async Task<IHost> StartAsync(bool onGoogleCloud = true, bool withResolver = true)
    {
        var settings = new Dictionary<string, string?>();
        if (onGoogleCloud)
        {
            settings[GoogleCloudEnvironment.ServiceVariable] = "quote";
        }

        return await new HostBuilder()
            .ConfigureAppConfiguration(config => config.AddInMemoryCollection(settings))
            .ConfigureLogging(logging => logging.AddProvider(captured))
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureServices(services =>
                {
                    if (withResolver)
                    {
                        services.AddSingleton<IProjectIdResolver>(resolver);
                    }
                })
                .Configure(app =>
                {
                    app.UseCloudTraceContext();
                    app.Run(HandleAsync);
                }))
            .StartAsync();
    }

    private static Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var logger = services.GetRequiredService<ILogger<CloudTraceContextMiddlewareTest>>();
        logger.LogInformation(HandledMessage);
        return Task.CompletedTask;
    }

    private static async Task<HttpStatusCode> SendAsync(
        IHost host, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/?symbol=GOOG");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await host.GetTestClient().SendAsync(request);
        return response.StatusCode;
    }

    private CloudTraceScope? HandledTraceScope() =>
        HandledTraceScope(Assert.Single(captured.Entries, entry => entry.Message == HandledMessage));

    private static CloudTraceScope? HandledTraceScope(CapturedEntry entry) =>
        entry.Scopes.OfType<CloudTraceScope>().SingleOrDefault();

    private sealed class FakeProjectIdResolver(string projectId) : IProjectIdResolver
    {
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        public Exception? Failure { get; set; }

        public Task<string> GetProjectIdAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref calls);
            return Failure is null
                ? Task.FromResult(projectId)
                : Task.FromException<string>(Failure);
        }
    }
}
