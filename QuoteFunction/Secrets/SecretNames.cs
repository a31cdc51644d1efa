namespace QuoteFunction.Secrets;

/// <summary>
/// What Google accepts in the parts of a secret version's resource name; checking them keeps a
/// configured value from changing the path of the request.
/// </summary>
internal static class SecretNames
{
    // A project id (optionally domain-scoped, "example.com:my-project") or a project number.
    public const string ProjectIdPattern =
        @"^(?:[a-z][a-z0-9.-]{0,62}:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$|^[0-9]{1,20}$";

    public const string SecretIdPattern = "^[A-Za-z0-9_-]{1,255}$";

    public const string VersionPattern = "^(?:latest|[0-9]{1,19}|[A-Za-z][A-Za-z0-9_-]{0,62})$";

    public static string VersionName(string projectId, string secretId, string version) =>
        $"projects/{projectId}/secrets/{secretId}/versions/{version}";
}
