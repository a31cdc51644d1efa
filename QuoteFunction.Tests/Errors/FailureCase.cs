using QuoteFunction.Tests.Fakes;

namespace QuoteFunction.Tests.Errors;

/// <summary>One row of the failure matrix: how the stand-ins misbehave, the request, the answer.</summary>
public sealed record FailureCase(
    int Status,
    Action<CloudStandIns> Arrange,
    Func<HttpClient, Task<HttpResponseMessage>> Send,
    bool RetryAfter = false,
    bool ReachesUpstream = true,
    params (string Name, string? Value)[] Settings);
