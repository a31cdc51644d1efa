using System.Globalization;

namespace QuoteFunction.Tests.Deploy;

/// <summary>
/// deploy-function.sh run from nothing, then again, against a recording gcloud stand-in. The
/// stand-in refuses to create what exists and to bind what is missing, so a run that exits 0
/// also ran its steps in order.
/// </summary>
public sealed class DeployFunctionScriptTest : IDisposable
{
    private const string RuntimeAccount = "quote-function@test-project.iam.gserviceaccount.com";
    private const string SchedulerAccount = "quote-scheduler@test-project.iam.gserviceaccount.com";
    private const string FunctionUrl = "https://quote-function-123456789012.us-central1.run.app";

    private readonly DeployScriptSandbox sandbox = new();

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public async Task Run_FromNothing_CreatesAccountSecretVersionAndNarrowBinding()
    {
        var run = await sandbox.RunAsync();

        Assert.Equal(0, run.ExitCode);
        Assert.All(run.Calls, call => Assert.Equal("test-project", call.Flag("project")));
        Assert.Single(run.CallsOf("iam service-accounts create quote-function"));
        var secret = run.Single("secrets create alpha-vantage-key");
        Assert.Equal("automatic", secret.Flag("replication-policy"));
        var version = run.Single("secrets versions add alpha-vantage-key");
        Assert.Equal("-", version.Flag("data-file"));
        Assert.Equal(DeployScriptSandbox.Key, version.StandardInput);
        var binding = run.Single("secrets add-iam-policy-binding alpha-vantage-key");
        Assert.Equal($"serviceAccount:{RuntimeAccount}", binding.Flag("member"));
        Assert.All(
            run.Calls.Where(c => c.Flag("role") is not null),
            call => Assert.Equal("roles/secretmanager.secretAccessor", call.Flag("role")));
        Assert.Empty(run.CallsOf("projects add-iam-policy-binding"));
    }

    [Fact]
    public async Task Run_FromNothing_EnablesTheApisItUses()
    {
        var run = await sandbox.RunAsync();

        var enabled = run.Single("services enable").Arguments;
        Assert.Contains("cloudfunctions.googleapis.com", enabled);
        Assert.Contains("run.googleapis.com", enabled);
        Assert.Contains("cloudbuild.googleapis.com", enabled);
        Assert.Contains("artifactregistry.googleapis.com", enabled);
        Assert.Contains("secretmanager.googleapis.com", enabled);
        Assert.Contains("cloudscheduler.googleapis.com", enabled);
    }

    [Fact]
    public async Task Run_FromNothing_DeploysPrivateGen2FunctionWithRuntimeSettings()
    {
        var run = await sandbox.RunAsync();

        var deploy = run.Single("functions deploy quote-function");
        Assert.True(deploy.Has("gen2"));
        Assert.Equal("us-central1", deploy.Flag("region"));
        Assert.Equal("dotnet10", deploy.Flag("runtime"));
        Assert.True(deploy.Has("trigger-http"));
        Assert.True(deploy.Has("no-allow-unauthenticated"));
        Assert.False(deploy.Has("allow-unauthenticated"));
        Assert.Equal("QuoteFunction.Function", deploy.Flag("entry-point"));
        Assert.Equal(RuntimeAccount, deploy.Flag("service-account"));
        Assert.Equal(".", deploy.Flag("source"));
        Assert.Equal("GOOGLE_BUILDABLE=QuoteFunction", deploy.Flag("set-build-env-vars"));
        Assert.Equal(
            new[] { "SecretManager__ProjectId=test-project", "SecretManager__SecretId=alpha-vantage-key" },
            deploy.Flag("set-env-vars")?.Split(','));
    }

    [Fact]
    public async Task Run_WithSchedule_LetsSchedulerAccountInvokeAndCreatesJob()
    {
        var run = await sandbox.RunAsync();

        Assert.Single(run.CallsOf("iam service-accounts create quote-scheduler"));
        var invoker = run.Single("functions add-invoker-policy-binding quote-function");
        Assert.Equal($"serviceAccount:{SchedulerAccount}", invoker.Flag("member"));
        Assert.Equal("us-central1", invoker.Flag("region"));
        var job = run.Single("scheduler jobs create http quote-function-schedule");
        Assert.Equal("*/15 * * * *", job.Flag("schedule"));
        Assert.Equal("America/New_York", job.Flag("time-zone"));
        Assert.Equal($"{FunctionUrl}?symbol=GOOG", job.Flag("uri"));
        Assert.Equal("POST", job.Flag("http-method"));
        Assert.Equal("Content-Type=application/json", job.Flag("headers"));
        Assert.Equal(SchedulerAccount, job.Flag("oidc-service-account-email"));
        Assert.Equal(FunctionUrl, job.Flag("oidc-token-audience"));
        var retries = int.Parse(job.Flag("max-retry-attempts") ?? "", CultureInfo.InvariantCulture);
        Assert.InRange(retries, 1, 5);
    }

    [Fact]
    public async Task Run_Succeeded_PrintsUrlAndCurlLineWithIdentityToken()
    {
        var run = await sandbox.RunAsync();

        Assert.Contains($"Function URL: {FunctionUrl}", run.StandardOutput);
        Assert.Contains("curl -X POST", run.StandardOutput);
        Assert.Contains("$(gcloud auth print-identity-token)", run.StandardOutput);
        Assert.Contains($"'{FunctionUrl}?symbol=GOOG'", run.StandardOutput);
    }

    [Fact]
    public async Task Run_Twice_SecondRunCreatesNothingAndUpdatesJobInPlace()
    {
        var first = await sandbox.RunAsync();
        sandbox.Environment.Remove("ALPHA_VANTAGE_KEY_FILE");

        var second = await sandbox.RunAsync();

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Empty(second.CallsOf("iam service-accounts create"));
        Assert.Empty(second.CallsOf("secrets create"));
        Assert.Empty(second.CallsOf("secrets versions add"));
        Assert.Empty(second.CallsOf("scheduler jobs create"));
        Assert.Single(second.CallsOf("functions deploy quote-function"));
        var job = second.Single("scheduler jobs update http quote-function-schedule");
        Assert.Equal("Content-Type=application/json", job.Flag("update-headers"));
        Assert.Equal($"{FunctionUrl}?symbol=GOOG", job.Flag("uri"));
        Assert.Equal(FunctionUrl, job.Flag("oidc-token-audience"));
    }

    [Fact]
    public async Task Run_TwiceWithTheSameKeyFile_AddsOneVersionAndKeyIsInNoArgumentOrOutput()
    {
        var first = await sandbox.RunAsync();

        var second = await sandbox.RunAsync();

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(DeployScriptSandbox.Key, first.Single("secrets versions add").StandardInput);
        Assert.Empty(second.CallsOf("secrets versions add"));
        Assert.Equal("alpha-vantage-key", second.Single("secrets versions access latest").Flag("secret"));
        Assert.Contains("already holds this key", second.StandardError);
        Assert.DoesNotContain(DeployScriptSandbox.Key, sandbox.ReadCallLog());
        foreach (var run in new[] { first, second })
        {
            Assert.DoesNotContain(DeployScriptSandbox.Key, run.StandardOutput);
            Assert.DoesNotContain(DeployScriptSandbox.Key, run.StandardError);
        }
    }

    [Fact]
    public async Task Run_AgainWithAChangedKeyFile_AddsAVersionWithTheNewKey()
    {
        const string NewKey = "SENTINEL-ROTATED-KEY-8M2K";
        var first = await sandbox.RunAsync();
        await File.WriteAllTextAsync(sandbox.KeyFile, NewKey + "\n");

        var second = await sandbox.RunAsync();

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(NewKey, second.Single("secrets versions add").StandardInput);
        Assert.DoesNotContain(NewKey, sandbox.ReadCallLog());
        Assert.DoesNotContain(NewKey, second.StandardOutput + second.StandardError);
    }
}
