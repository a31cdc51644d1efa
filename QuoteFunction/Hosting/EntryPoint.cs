using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace QuoteFunction.Hosting;

/// <summary>The process entry point of a function, as the Functions Framework provides it.</summary>
public static class EntryPoint
{
    /// <summary>Builds and runs the host until the process is asked to stop.</summary>
    /// <param name="functionAssembly">The assembly holding the function and its startups.</param>
    /// <param name="args">The command-line arguments of the process.</param>
    /// <returns>0 after a clean shutdown; 1 when the configuration stops start-up, with the
    /// reason on standard error.</returns>
    public static async Task<int> StartAsync(Assembly functionAssembly, string[] args)
    {
        try
        {
            await using var app = FunctionHost.Build(functionAssembly, args);

            // Validated here as well as by the host, so that a bad setting stops start-up with its
            // message alone rather than a logged stack trace.
            app.Services.GetService<IStartupValidator>()?.Validate();
            await app.RunAsync();
            return 0;
        }
        catch (Exception exception)
            when (exception is InvalidOperationException or OptionsValidationException)
        {
            await Console.Error.WriteLineAsync($"The function cannot start: {exception.Message}");
            return 1;
        }
        catch (AggregateException exception)
            when (exception.InnerExceptions.All(inner => inner is OptionsValidationException))
        {
            // Several options sections failed: name every bad setting, not just the first.
            foreach (var inner in exception.InnerExceptions)
            {
                await Console.Error.WriteLineAsync($"The function cannot start: {inner.Message}");
            }

            return 1;
        }
    }
}
