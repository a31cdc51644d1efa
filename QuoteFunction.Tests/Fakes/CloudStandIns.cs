using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuoteFunction.Secrets;

namespace QuoteFunction.Tests.Fakes;

/// <summary>
/// The three upstreams of the function on 127.0.0.1: metadata server, Secret Manager and Alpha
/// Vantage, and the configuration that points the function at them.
/// </summary>
public sealed class CloudStandIns : IAsyncDisposable
{
    private CloudStandIns(
        FakeMetadataServer metadata, FakeSecretManager secrets, FakeAlphaVantage alphaVantage)
    {
        Metadata = metadata;
        Secrets = secrets;
        AlphaVantage = alphaVantage;
    }

    public FakeMetadataServer Metadata { get; }

    public FakeSecretManager Secrets { get; }

    public FakeAlphaVantage AlphaVantage { get; }

    /// <summary>The key as the function should send it: the stored payload, trimmed.</summary>
    public string Key => Secrets.Payload.Trim();

    /// <summary>Puts every stand-in back to answering normally, between cases that upset them.</summary>
    public void Reset()
    {
        Metadata.Unavailable = false;
        Secrets.Behaviour = SecretBehaviour.Serve;
        Secrets.TransientFailures = 0;
        AlphaVantage.Respond = null;
        AlphaVantage.Delay = TimeSpan.Zero;
    }

    /// <summary>
    /// Fails when <paramref name="text"/> holds the API key (<see cref="Key"/> unless another is
    /// named), the metadata server's access token, or a query that carries a key.
    /// </summary>
    public void AssertNoSecretIn(string text, string? key = null)
    {
        Assert.DoesNotContain(key ?? Key, text);
        Assert.DoesNotContain(Metadata.Token, text);
        Assert.DoesNotContain("apikey=", text);
    }

    public static async Task<CloudStandIns> StartAsync()
    {
        var metadata = await FakeMetadataServer.StartAsync();
        var secrets = await FakeSecretManager.StartAsync(metadata.Token);
        var alphaVantage = await FakeAlphaVantage.StartAsync();
        return new CloudStandIns(metadata, secrets, alphaVantage);
    }

    /// <summary>Configuration of a function on Google Cloud reading its key from Secret Manager.</summary>
    public Dictionary<string, string?> Environment(params (string Name, string? Value)[] extra)
    {
        var environment = new Dictionary<string, string?>
        {
            ["K_SERVICE"] = "quote-function",
            ["GCE_METADATA_HOST"] = Metadata.Host,
            ["SecretManager__Endpoint"] = Secrets.Server.Address.ToString(),
            ["AlphaVantage__BaseUrl"] = AlphaVantage.QueryUrl.ToString(),
        };
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>The same settings as configuration keys, for an in-memory host.</summary>
    public Dictionary<string, string?> Configuration(params (string Name, string? Value)[] extra) =>
        Environment(extra).ToDictionary(pair => pair.Key.Replace("__", ":"), pair => pair.Value);

    /// <summary>
    /// The function in an in-memory host pointed at these stand-ins. The token comes from a fixed
    /// source: GCE_METADATA_HOST is process-wide, so only the process tests run Google's credential
    /// code against the fake metadata server.
    /// </summary>
    public Task<FunctionTestHost> StartHostAsync(
        LogLevel minimumLevel, params (string Name, string? Value)[] settings) =>
        FunctionTestHost.StartAsync(
            Configuration(settings),
            services => services.AddSingleton<IAccessTokenSource>(new StaticTokenSource(Metadata.Token)),
            minimumLevel);

    /// <inheritdoc cref="StartHostAsync(LogLevel, ValueTuple{string, string}[])" />
    public Task<FunctionTestHost> StartHostAsync(params (string Name, string? Value)[] settings) =>
        StartHostAsync(LogLevel.Information, settings);

    public async ValueTask DisposeAsync()
    {
        await AlphaVantage.DisposeAsync();
        await Secrets.DisposeAsync();
        await Metadata.DisposeAsync();
    }
}
