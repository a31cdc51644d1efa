namespace QuoteFunction.Tests.Fakes;

/// <summary>Where the repository and its built function are, found from the test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The recorded fixtures beside the repository, or null where they are absent.</summary>
    public static string? RecordedAlphaVantage =>
        Path.Combine(Root, "..", "shared", "fixtures", "alphavantage") is var path && Directory.Exists(path)
            ? path
            : null;

    /// <summary>The function's assembly as built in the same configuration as the tests.</summary>
    public static string FunctionAssembly
    {
        get
        {
            var output = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
            var configuration = output.Parent!.Name;
            return Path.Combine(Root, "QuoteFunction", "bin", configuration, "net10.0", "QuoteFunction.dll");
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory);
            directory is not null;
            directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "QuoteFunction.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("QuoteFunction.sln not found above " + AppContext.BaseDirectory);
    }
}
