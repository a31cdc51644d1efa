using QuoteFunction.Secrets;

namespace QuoteFunction.Tests.Fakes;

/// <summary>
/// An access token source for in-memory hosts, where GCE_METADATA_HOST cannot differ per test.
/// </summary>
public sealed class StaticTokenSource(string token) : IAccessTokenSource
{
    public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken) => Task.FromResult(token);
}
