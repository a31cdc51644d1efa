using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace QuoteFunction.Tests.Fakes;

/// <summary>A copy of a request a fake received; the server's own objects are reused.</summary>
public sealed record RecordedRequest(string Path, Dictionary<string, StringValues> Query)
{
    public static RecordedRequest From(HttpRequest request) => new(
        request.Path.Value ?? "",
        request.Query.ToDictionary(pair => pair.Key, pair => pair.Value));
}
