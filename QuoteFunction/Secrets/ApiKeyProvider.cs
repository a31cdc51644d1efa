using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuoteFunction.AlphaVantage;
using QuoteFunction.Hosting;

namespace QuoteFunction.Secrets;

/// <summary>
/// The Alpha Vantage key of this instance. Read from Secret Manager on the first request that
/// needs it and then kept: the secret costs a network call and a token, and it changes rarely.
/// </summary>
public sealed partial class ApiKeyProvider
{
    /// <summary>Alpha Vantage's public key; it serves a few fixed examples, IBM among them.</summary>
    public const string DemoKey = "demo";

    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);

    private readonly RetryableLazy<string> key;
    private readonly OncePerInterval refreshes;

    /// <summary>Chooses where the key comes from: given directly, the demo key, or Secret Manager.</summary>
    /// <param name="alphaVantage">A key given directly wins over every other source.</param>
    /// <param name="secretManager">The secret's project, name and version.</param>
    /// <param name="configuration">Tells whether the function runs on Google Cloud.</param>
    /// <param name="projectIdResolver">Finds the project when none is configured.</param>
    /// <param name="secretManagerClient">Reads the secret.</param>
    /// <param name="timeProvider">Spaces fresh reads after a refused key.</param>
    /// <param name="logger">Receives the secret's name and the demo warning, never the key.</param>
    public ApiKeyProvider(
        IOptions<AlphaVantageOptions> alphaVantage,
        IOptions<SecretManagerOptions> secretManager,
        IConfiguration configuration,
        IProjectIdResolver projectIdResolver,
        SecretManagerClient secretManagerClient,
        TimeProvider timeProvider,
        ILogger<ApiKeyProvider> logger)
    {
        refreshes = new OncePerInterval(timeProvider, RefreshInterval);
        var given = alphaVantage.Value.ApiKey is { } value ? SecretPayload.Trim(value) : "";
        var secret = secretManager.Value;

        if (given.Length > 0)
        {
            FromSecretManager = false;
            key = new RetryableLazy<string>(() => Task.FromResult(given));
        }
        else if (string.IsNullOrEmpty(secret.ProjectId) && !configuration.IsGoogleCloud())
        {
            FromSecretManager = false;
            key = new RetryableLazy<string>(() =>
            {
                LogUsingDemoKey(logger);
                return Task.FromResult(DemoKey);
            });
        }
        else
        {
            FromSecretManager = true;
            key = new RetryableLazy<string>(async () =>
            {
                var projectId = await projectIdResolver.GetProjectIdAsync(CancellationToken.None);
                var versionName = SecretNames.VersionName(projectId, secret.SecretId, secret.Version);
                var value = await secretManagerClient.AccessAsync(versionName, CancellationToken.None);
                LogSecretRead(logger, versionName);
                return value;
            });
        }
    }

    /// <summary>Whether the key comes from Secret Manager, so a fresh read may give a new one.</summary>
    public bool FromSecretManager { get; }

    /// <summary>The key; concurrent first callers share one read, and a failed read is retried.</summary>
    /// <exception cref="UpstreamException">The secret cannot be read.</exception>
    public Task<string> GetAsync(CancellationToken cancellationToken) => key.GetAsync(cancellationToken);

    /// <summary>
    /// A key read afresh after Alpha Vantage refused <paramref name="rejected"/>: the secret may
    /// have been given a new version since this instance read it.
    /// </summary>
    /// <remarks>
    /// At most one fresh read a minute: while a refused key stays in the secret, rereading it for
    /// every request would only cost Secret Manager calls.
    /// </remarks>
    public Task<string> RefreshAsync(string rejected, CancellationToken cancellationToken)
    {
        if (refreshes.TryPass())
        {
            key.Forget(rejected);
        }

        return key.GetAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message =
        "No Alpha Vantage key or project is configured: using the public demo key, which serves IBM only")]
    private static partial void LogUsingDemoKey(ILogger logger);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message =
        "Read the API key from {SecretVersion}")]
    private static partial void LogSecretRead(ILogger logger, string secretVersion);
}
