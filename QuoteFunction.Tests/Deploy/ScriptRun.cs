namespace QuoteFunction.Tests.Deploy;

/// <summary>The outcome of one run of deploy-function.sh, with the gcloud calls it made.</summary>
internal sealed record ScriptRun(
    int ExitCode,
    string StandardOutput,
    string StandardError,
    IReadOnlyList<GcloudCall> Calls)
{
    /// <summary>The calls that start with the given words, such as <c>secrets create</c>.</summary>
    public IReadOnlyList<GcloudCall> CallsOf(string command) =>
        [.. Calls.Where(call => call.Is(command))];

    /// <summary>The one call that starts with the given words; fails the test otherwise.</summary>
    public GcloudCall Single(string command) => Assert.Single(CallsOf(command));
}
