using QuoteFunction.Tests.Fakes;

namespace QuoteFunction.Tests.Deploy;

/// <summary>.gcloudignore decides what <c>gcloud functions deploy --source=.</c> uploads.</summary>
public sealed class GcloudIgnoreTest
{
    [Theory]
    [InlineData("QuoteFunction.Tests/")]
    [InlineData("bin/")]
    [InlineData("obj/")]
    [InlineData(".git/")]
    [InlineData("*.key")]
    public void Entries_UploadOfRepositoryRoot_LeaveOutTestsBuildOutputGitAndKeys(string entry)
    {
        var path = Path.Combine(RepositoryPaths.Root, ".gcloudignore");

        var entries = File.ReadAllLines(path).Select(line => line.Trim());

        Assert.Contains(entry, entries);
    }

    [Theory]
    [InlineData("QuoteFunction")]
    [InlineData("QuoteFunction/")]
    [InlineData("Directory.Build.props")]
    [InlineData("global.json")]
    public void Entries_FilesTheBuildNeeds_AreNotLeftOut(string entry)
    {
        var path = Path.Combine(RepositoryPaths.Root, ".gcloudignore");

        var entries = File.ReadAllLines(path).Select(line => line.Trim());

        Assert.DoesNotContain(entry, entries);
    }
}
