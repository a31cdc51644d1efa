using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace QuoteFunction.Tests.Fakes;

/// <summary>Stands in for the Secret Manager REST API's <c>versions/*:access</c>.</summary>
public sealed class FakeSecretManager : IAsyncDisposable
{
    private int transientFailuresLeft;

    private FakeSecretManager(LoopbackServer server, string expectedToken)
    {
        Server = server;
        ExpectedToken = expectedToken;
    }

    public LoopbackServer Server { get; }

    public string ExpectedToken { get; }

    /// <summary>The secret's stored text, as a user might have saved it.</summary>
    public string Payload { get; set; } = "FAKEKEY0123456789\n";

    public SecretBehaviour Behaviour { get; set; } = SecretBehaviour.Serve;

    /// <summary>How many of the next requests get 503 UNAVAILABLE before the behaviour applies.</summary>
    public int TransientFailures
    {
        get => Volatile.Read(ref transientFailuresLeft);
        set => Volatile.Write(ref transientFailuresLeft, value);
    }

    public int AccessRequests => Server.Requests.Count(request => request.Path.EndsWith(":access"));

    public IEnumerable<string> AccessedNames => Server.Requests
        .Where(request => request.Path.EndsWith(":access"))
        .Select(request => request.Path["/v1/".Length..^":access".Length]);

    public static async Task<FakeSecretManager> StartAsync(string expectedToken)
    {
        FakeSecretManager? fake = null;
        var server = await LoopbackServer.StartAsync(context => fake!.HandleAsync(context));
        fake = new FakeSecretManager(server, expectedToken);
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith("/v1/projects/") || !path.EndsWith(":access"))
        {
            await ErrorAsync(context, 404, "NOT_FOUND", "Unknown path.");
            return;
        }

        if (context.Request.Headers.Authorization != $"Bearer {ExpectedToken}")
        {
            await ErrorAsync(
                context, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
            return;
        }

        if (Interlocked.Decrement(ref transientFailuresLeft) >= 0)
        {
            await ErrorAsync(context, 503, "UNAVAILABLE", "The service is currently unavailable.");
            return;
        }

        var name = path["/v1/".Length..^":access".Length];
        await (Behaviour switch
        {
            SecretBehaviour.PermissionDenied => ErrorAsync(context, 403, "PERMISSION_DENIED",
                $"Permission 'secretmanager.versions.access' denied for resource '{name}' " +
                "(or it may not exist)."),
            SecretBehaviour.NotFound =>
                ErrorAsync(context, 404, "NOT_FOUND", $"Secret [{name}] not found or has no versions."),
            SecretBehaviour.Disabled =>
                ErrorAsync(context, 400, "FAILED_PRECONDITION", $"{name} is in DISABLED state."),
            SecretBehaviour.Unauthenticated =>
                ErrorAsync(context, 401, "UNAUTHENTICATED", "Invalid credentials."),
            SecretBehaviour.Stall => StallAsync(context),
            _ => ServeAsync(context, name),
        });
    }

    private Task ServeAsync(HttpContext context, string name)
    {
        var data = Behaviour == SecretBehaviour.EmptyPayload
            ? Encoding.UTF8.GetBytes(" \r\n")
            : Encoding.UTF8.GetBytes(Payload);
        var crc = Crc32CReference.Compute(data) ^ (Behaviour == SecretBehaviour.BadChecksum ? 1u : 0u);
        var concrete = name.Replace("/versions/latest", "/versions/7");
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            name = concrete,
            payload = new { data = Convert.ToBase64String(data), dataCrc32c = crc.ToString() },
        }));
    }

    private static async Task StallAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static Task ErrorAsync(HttpContext context, int code, string status, string message)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(
            JsonSerializer.Serialize(new { error = new { code, message, status } }));
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
