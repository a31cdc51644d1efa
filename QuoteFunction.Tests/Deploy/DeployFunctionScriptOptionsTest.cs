namespace QuoteFunction.Tests.Deploy;

/// <summary>deploy-function.sh's flags and environment variables, and how it fails.</summary>
public sealed class DeployFunctionScriptOptionsTest : IDisposable
{
    private readonly DeployScriptSandbox sandbox = new();

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public async Task Run_DryRun_RunsNoGcloudAndPrintsTheCommands()
    {
        var run = await sandbox.RunAsync("--dry-run");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(sandbox.ReadCalls());
        Assert.Contains("gcloud secrets create alpha-vantage-key", run.StandardOutput);
        Assert.Contains("gcloud secrets versions add alpha-vantage-key --data-file=-", run.StandardOutput);
        Assert.Contains("gcloud functions deploy quote-function", run.StandardOutput);
        Assert.Contains("gcloud scheduler jobs create http quote-function-schedule", run.StandardOutput);
        Assert.DoesNotContain(DeployScriptSandbox.Key, run.StandardOutput);
        Assert.DoesNotContain(DeployScriptSandbox.Key, run.StandardError);
    }

    [Fact]
    public async Task Run_DryRunWithoutProjectId_ExitsNonZeroAskingForIt()
    {
        sandbox.Environment.Remove("PROJECT_ID");

        var run = await sandbox.RunAsync("--dry-run");

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(sandbox.ReadCalls());
        Assert.Equal(
            "deploy-function.sh: set PROJECT_ID, or run: gcloud config set project PROJECT_ID",
            run.StandardError.Trim());
    }

    [Theory]
    [InlineData("123456789012")]
    [InlineData("a:b:quotes")]
    [InlineData(":quotes")]
    [InlineData("quotes:")]
    [InlineData("Quotes-Project")]
    [InlineData("my project")]
    public async Task Run_MalformedProjectId_ExitsNonZeroBeforeAnyGcloudChange(string projectId)
    {
        sandbox.Environment["PROJECT_ID"] = projectId;

        var run = await sandbox.RunAsync();

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(sandbox.ReadCalls());
        Assert.Contains("PROJECT_ID must be a project id such as my-project", run.StandardError);
    }

    [Fact]
    public async Task Run_Help_PrintsUsageWithEveryVariableAndExitsZero()
    {
        var run = await sandbox.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Calls);
        Assert.Contains("Usage: ./deploy-function.sh [--dry-run] [--help]", run.StandardOutput);
        Assert.All(DeployScriptSandbox.ScriptVariables, name => Assert.Contains(name, run.StandardOutput));
    }

    [Fact]
    public async Task Run_UnknownFlag_ExitsNonZeroWithUsage()
    {
        var run = await sandbox.RunAsync("--force");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Empty(run.Calls);
        Assert.Contains("unknown argument: --force", run.StandardError);
        Assert.Contains("Usage:", run.StandardError);
    }

    [Fact]
    public async Task Run_GcloudFails_StopsNonZeroNamingTheStep()
    {
        sandbox.Environment["FAKE_GCLOUD_FAIL"] = "functions deploy";

        var run = await sandbox.RunAsync();

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("failed while deploying function quote-function", run.StandardError);
        Assert.True(run.Calls[^1].Is("functions deploy"), "the script went on after the failure");
    }

    [Fact]
    public async Task Run_WithoutProjectId_UsesGcloudsConfiguredProject()
    {
        sandbox.Environment.Remove("PROJECT_ID");
        sandbox.Environment["FAKE_GCLOUD_CONFIG_PROJECT"] = "configured-project";

        var run = await sandbox.RunAsync();

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("configured-project", run.Single("functions deploy").Flag("project"));
        Assert.Equal(
            "serviceAccount:quote-function@configured-project.iam.gserviceaccount.com",
            run.Single("secrets add-iam-policy-binding").Flag("member"));
    }

    [Fact]
    public async Task Run_WithoutSchedule_TouchesNoSchedulerResource()
    {
        sandbox.Environment.Remove("SCHEDULE");

        var run = await sandbox.RunAsync();

        Assert.Equal(0, run.ExitCode);
        var enabled = run.Single("services enable").Arguments;
        Assert.DoesNotContain("cloudscheduler.googleapis.com", enabled);
        Assert.Empty(run.CallsOf("scheduler"));
        Assert.Empty(run.CallsOf("functions add-invoker-policy-binding"));
        Assert.Empty(run.CallsOf("iam service-accounts create quote-scheduler"));
    }

    [Fact]
    public async Task Run_DomainScopedProject_NamesServiceAccountsUnderTheProjectsDomain()
    {
        sandbox.Environment["PROJECT_ID"] = "example.com:quotes";

        var run = await sandbox.RunAsync();

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            "quote-function@quotes.example.com.iam.gserviceaccount.com",
            run.Single("functions deploy quote-function").Flag("service-account"));
        Assert.Equal(
            "serviceAccount:quote-function@quotes.example.com.iam.gserviceaccount.com",
            run.Single("secrets add-iam-policy-binding alpha-vantage-key").Flag("member"));
        var job = run.Single("scheduler jobs create http quote-function-schedule");
        Assert.Equal(
            "quote-scheduler@quotes.example.com.iam.gserviceaccount.com",
            job.Flag("oidc-service-account-email"));
    }

    [Fact]
    public async Task Run_WithEveryVariableSet_UsesThemInsteadOfDefaults()
    {
        sandbox.Environment["REGION"] = "europe-west1";
        sandbox.Environment["FUNCTION_NAME"] = "quotes";
        sandbox.Environment["SECRET_ID"] = "av-key";
        sandbox.Environment["RUNTIME_SA"] = "quotes-runtime";
        sandbox.Environment["SCHEDULE_SYMBOL"] = "MSFT";
        sandbox.Environment["SCHEDULER_SA"] = "quotes-cron";
        sandbox.Environment["TIME_ZONE"] = "Etc/UTC";

        var run = await sandbox.RunAsync();

        Assert.Equal(0, run.ExitCode);
        var deploy = run.Single("functions deploy quotes");
        Assert.Equal("europe-west1", deploy.Flag("region"));
        Assert.Equal("quotes-runtime@test-project.iam.gserviceaccount.com", deploy.Flag("service-account"));
        Assert.Contains("SecretManager__SecretId=av-key", deploy.Flag("set-env-vars"));
        Assert.Single(run.CallsOf("secrets add-iam-policy-binding av-key"));
        var job = run.Single("scheduler jobs create http quotes-schedule");
        Assert.Equal("europe-west1", job.Flag("location"));
        Assert.Equal("https://quotes-123456789012.europe-west1.run.app?symbol=MSFT", job.Flag("uri"));
        Assert.Equal(
            "quotes-cron@test-project.iam.gserviceaccount.com",
            job.Flag("oidc-service-account-email"));
        Assert.Equal("Etc/UTC", job.Flag("time-zone"));
    }
}
