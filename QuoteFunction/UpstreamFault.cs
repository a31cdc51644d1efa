namespace QuoteFunction;

/// <summary>The kinds of upstream failure, each answered with its own HTTP status.</summary>
public enum UpstreamFault
{
    /// <summary>Alpha Vantage knows no such symbol (404).</summary>
    UnknownSymbol,

    /// <summary>Alpha Vantage throttles the key (429 with Retry-After).</summary>
    Throttled,

    /// <summary>Alpha Vantage refused the key, even after a fresh read of the secret (502).</summary>
    KeyRejected,

    /// <summary>Alpha Vantage keeps this endpoint or option for premium keys (502).</summary>
    PremiumOnly,

    /// <summary>Alpha Vantage answered with an error status or a body that is not a series (502).</summary>
    BadResponse,

    /// <summary>Alpha Vantage did not answer within its time limit (504).</summary>
    Timeout,

    /// <summary>
    /// Secret Manager or the metadata server is unavailable for now (503 with Retry-After).
    /// </summary>
    SecretStoreUnavailable,

    /// <summary>The key cannot be had: denied, missing, disabled, corrupt or empty (500).</summary>
    KeyUnavailable,
}
