namespace QuoteFunction.Tests.Fakes;

/// <summary>How the fake Secret Manager answers an access request.</summary>
public enum SecretBehaviour
{
    Serve,
    PermissionDenied,
    NotFound,
    Disabled,
    Unauthenticated,
    BadChecksum,
    EmptyPayload,
    Stall,
}
