using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace QuoteFunction.Tests.Fakes;

/// <summary>A copy of a request a fake received; the server's own objects are reused.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string RawQuery,
    Dictionary<string, StringValues> Query,
    Dictionary<string, StringValues> Headers)
{
    public static RecordedRequest From(HttpRequest request) => new(
        request.Method,
        request.Path.Value ?? "",
        request.QueryString.Value ?? "",
        request.Query.ToDictionary(pair => pair.Key, pair => pair.Value),
        request.Headers.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase));
}
