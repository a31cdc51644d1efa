using System.Reflection;

namespace QuoteFunction.Hosting;

/// <summary>Finds the function type and the startups of a function assembly.</summary>
internal static class FunctionTarget
{
    /// <summary>The function type named by <paramref name="target"/>, or the only one.</summary>
    /// <exception cref="InvalidOperationException">No function matches, or several do and no
    /// target was given.</exception>
    public static Type Resolve(Assembly assembly, string? target)
    {
        var functions = assembly.GetExportedTypes()
            .Where(type => type.IsClass && !type.IsAbstract && typeof(IHttpFunction).IsAssignableFrom(type))
            .ToList();
        var names = string.Join(", ", functions.Select(type => type.FullName));

        if (!string.IsNullOrWhiteSpace(target))
        {
            return functions.SingleOrDefault(type => type.FullName == target)
                ?? throw new InvalidOperationException(
                    $"FUNCTION_TARGET '{target}' is not a function in {assembly.GetName().Name}; " +
                    $"the functions are: {names}.");
        }

        return functions.Count == 1
            ? functions[0]
            : throw new InvalidOperationException(
                $"{assembly.GetName().Name} holds {functions.Count} functions ({names}); " +
                "name one with FUNCTION_TARGET or --target.");
    }

    /// <summary>Instances of the startups named on the assembly and on the function type.</summary>
    public static IReadOnlyList<FunctionsStartup> FindStartups(Assembly assembly, Type functionType) =>
        assembly.GetCustomAttributes<FunctionsStartupAttribute>()
            .Concat(functionType.GetCustomAttributes<FunctionsStartupAttribute>())
            .OrderBy(attribute => attribute.Order)
            .ThenBy(attribute => attribute.StartupType.FullName, StringComparer.Ordinal)
            .Select(attribute => CreateStartup(attribute.StartupType))
            .ToList();

    private static FunctionsStartup CreateStartup(Type type)
    {
        if (!typeof(FunctionsStartup).IsAssignableFrom(type) || type.IsAbstract)
        {
            throw new InvalidOperationException(
                $"{type.FullName} is named by [FunctionsStartup] but does not derive from FunctionsStartup.");
        }

        return (FunctionsStartup)Activator.CreateInstance(type)!;
    }
}
