namespace QuoteFunction;

/// <summary>Checks configured upstream addresses.</summary>
internal static class HttpAddress
{
    /// <summary>Whether <paramref name="address"/> is an absolute http or https URI.</summary>
    public static bool IsValid(Uri? address) =>
        address is { IsAbsoluteUri: true, Scheme: "http" or "https" };
}
