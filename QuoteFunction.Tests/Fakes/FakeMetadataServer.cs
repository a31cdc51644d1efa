using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace QuoteFunction.Tests.Fakes;

/// <summary>Stands in for the GCE metadata server: project id and access tokens.</summary>
public sealed class FakeMetadataServer : IAsyncDisposable
{
    private FakeMetadataServer(LoopbackServer server) => Server = server;

    public LoopbackServer Server { get; }

    /// <summary>Answers 503 to everything while set, as during a metadata server outage.</summary>
    public bool Unavailable { get; set; }

    public string ProjectId { get; } = "fake-project-123";

    public string Token { get; } = "ya29.fake-token-7d1e2c";

    /// <summary>The value for <c>GCE_METADATA_HOST</c>: host and port, no scheme.</summary>
    public string Host => Server.Address.Authority;

    public int ProjectIdRequests =>
        Server.Requests.Count(request => request.Path.EndsWith("/project/project-id"));

    public static async Task<FakeMetadataServer> StartAsync()
    {
        FakeMetadataServer? fake = null;
        var server = await LoopbackServer.StartAsync(context => fake!.HandleAsync(context));
        fake = new FakeMetadataServer(server);
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        context.Response.Headers["Metadata-Flavor"] = "Google";
        var path = context.Request.Path.Value ?? "";
        if (Unavailable)
        {
            context.Response.StatusCode = 503;
            return;
        }

        if (context.Request.Headers["Metadata-Flavor"] != "Google" && path != "/")
        {
            context.Response.StatusCode = 403;
            return;
        }

        if (path == "/computeMetadata/v1/project/project-id")
        {
            await context.Response.WriteAsync(ProjectId);
        }
        else if (path == "/computeMetadata/v1/instance/service-accounts/default/token")
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(
                new { access_token = Token, expires_in = 3599, token_type = "Bearer" }));
        }
        else if (path == "/computeMetadata/v1/universe/universe-domain")
        {
            await context.Response.WriteAsync("googleapis.com");
        }
        else if (path != "/")
        {
            context.Response.StatusCode = 404;
        }
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
