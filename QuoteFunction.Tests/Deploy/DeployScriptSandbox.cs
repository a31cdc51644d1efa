using System.Diagnostics;
using QuoteFunction.Tests.Fakes;

namespace QuoteFunction.Tests.Deploy;

/// <summary>
/// Runs deploy-function.sh from the repository root against the recording gcloud stand-in: a
/// temporary folder holds the stand-in (first on PATH), its state, and a key file whose key
/// ends with CR LF the way an editor on Windows saves it.
/// </summary>
internal sealed class DeployScriptSandbox : IDisposable
{
    public const string Key = "SENTINEL-ALPHA-VANTAGE-KEY-4F7Q";
    public const string Project = "test-project";

    /// <summary>Every variable the script reads; none leaks in from the test runner.</summary>
    public static readonly string[] ScriptVariables =
    [
        "PROJECT_ID", "REGION", "FUNCTION_NAME", "SECRET_ID", "RUNTIME_SA",
        "ALPHA_VANTAGE_KEY_FILE", "SCHEDULE", "SCHEDULE_SYMBOL", "SCHEDULER_SA", "TIME_ZONE",
    ];

    private static readonly string[] FakeVariables = ["FAKE_GCLOUD_FAIL", "FAKE_GCLOUD_CONFIG_PROJECT"];

    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    private readonly string root;
    private readonly string binFolder;
    private readonly string stateFolder;

    public DeployScriptSandbox()
    {
        root = Directory.CreateTempSubdirectory("deploy-function-test-").FullName;
        binFolder = Directory.CreateDirectory(Path.Combine(root, "bin")).FullName;
        stateFolder = Directory.CreateDirectory(Path.Combine(root, "state")).FullName;

        var fake = Path.Combine(binFolder, "gcloud");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Deploy", "fake-gcloud", "gcloud"), fake);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        KeyFile = Path.Combine(root, "alpha-vantage.key");
        File.WriteAllText(KeyFile, Key + "\r\n");

        Environment = new Dictionary<string, string>
        {
            ["PROJECT_ID"] = Project,
            ["SCHEDULE"] = "*/15 * * * *",
            ["ALPHA_VANTAGE_KEY_FILE"] = KeyFile,
        };
    }

    public string KeyFile { get; }

    /// <summary>Variables of the next run; the script's other variables are unset.</summary>
    public Dictionary<string, string> Environment { get; }

    /// <summary>Every call the stand-in recorded so far, in order.</summary>
    public IReadOnlyList<GcloudCall> ReadCalls()
    {
        var log = Path.Combine(stateFolder, "calls.log");
        if (!File.Exists(log))
        {
            return [];
        }

        return [.. File.ReadAllLines(log).Select((line, index) => ToCall(line, index + 1))];
    }

    /// <summary>The raw call log, to search for what must never be on a command line.</summary>
    public string ReadCallLog()
    {
        var log = Path.Combine(stateFolder, "calls.log");

        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    public async Task<ScriptRun> RunAsync(params string[] arguments)
    {
        var callsBefore = ReadCalls().Count;
        var start = CreateStartInfo(arguments);

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException("bash did not start.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"deploy-function.sh ran over {RunTimeout.TotalSeconds} s.");
        }

        IReadOnlyList<GcloudCall> calls = [.. ReadCalls().Skip(callsBefore)];

        return new ScriptRun(process.ExitCode, await output, await error, calls);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private ProcessStartInfo CreateStartInfo(string[] arguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "deploy-function.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in ScriptVariables.Concat(FakeVariables))
        {
            start.Environment.Remove(name);
        }

        start.Environment["PATH"] = binFolder + Path.PathSeparator + start.Environment["PATH"];
        start.Environment["FAKE_GCLOUD_STATE"] = stateFolder;
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private GcloudCall ToCall(string line, int number)
    {
        var input = Path.Combine(stateFolder, $"stdin-{number}");

        var standardInput = File.Exists(input) ? File.ReadAllText(input) : null;

        return new GcloudCall(line.Split('\t'), standardInput);
    }
}
