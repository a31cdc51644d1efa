using Microsoft.AspNetCore.Http;

namespace QuoteFunction.Hosting;

/// <summary>
/// A function that handles HTTP requests, in the shape of the Functions Framework's
/// <c>Google.Cloud.Functions.Framework.IHttpFunction</c>.
/// </summary>
public interface IHttpFunction
{
    /// <summary>Handles one request: every path and every method reaches it.</summary>
    /// <param name="context">The request and its response.</param>
    /// <returns>A task that completes when the response has been written.</returns>
    Task HandleAsync(HttpContext context);
}
