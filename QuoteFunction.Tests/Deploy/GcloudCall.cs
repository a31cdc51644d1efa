namespace QuoteFunction.Tests.Deploy;

/// <summary>One call the fake gcloud recorded: its arguments and its standard input.</summary>
internal sealed record GcloudCall(IReadOnlyList<string> Arguments, string? StandardInput)
{
    /// <summary>The arguments joined by spaces, as they would be typed.</summary>
    public string Line => string.Join(' ', Arguments);

    /// <summary>Whether the call starts with these words, such as <c>secrets create</c>.</summary>
    public bool Is(string command) => Line.StartsWith(command + " ", StringComparison.Ordinal);

    /// <summary>The value of <c>--name=value</c>, or null when the call has no such flag.</summary>
    public string? Flag(string name)
    {
        var prefix = $"--{name}=";
        var argument = Arguments.LastOrDefault(a => a.StartsWith(prefix, StringComparison.Ordinal));

        return argument?[prefix.Length..];
    }

    /// <summary>Whether the call has the flag <c>--name</c> without a value.</summary>
    public bool Has(string name) => Arguments.Contains($"--{name}");
}
