using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using QuoteFunction.Secrets;
using QuoteFunction.Tests.Fakes;

namespace QuoteFunction.Tests.Secrets;

public sealed class SecretPayloadTest
{
    private const string Version = "projects/p-12345/secrets/s/versions/1";

    [Fact]
    public void Crc32C_CheckString_IsTheStandardCheckValue()
    {
        Assert.Equal(3808858755u, SecretPayload.Crc32C("123456789"u8));
    }

    [Fact]
    public void Crc32C_AnyBytes_EqualsBitwiseReference()
    {
        Gen.Byte.Array[0, 300].Sample(bytes => SecretPayload.Crc32C(bytes) == Crc32CReference.Compute(bytes));
    }

    [Theory]
    [InlineData("key123\n", "key123")]
    [InlineData("\uFEFFkey123\r\n", "key123")]
    [InlineData("  \tkey123  \r\n\r\n", "key123")]
    [InlineData("key 123", "key 123")]
    [InlineData("\uFEFF \n", "")]
    public void Trim_SurroundingWhiteSpaceAndByteOrderMarks_Removed(string stored, string expected)
    {
        Assert.Equal(expected, SecretPayload.Trim(stored));
    }

    [Fact]
    public void Decode_KeySavedWithEcho_ReturnsKeyWithoutNewline()
    {
        var body = Body("ABCDEF123\n");

        var key = SecretPayload.Decode(body, Version);

        Assert.Equal("ABCDEF123", key);
    }

    [Theory]
    [InlineData("{\"payload\": {\"data\": \"QUJD\", \"dataCrc32c\": \"1\"}}", "CRC32C")]
    [InlineData("{\"payload\": {\"data\": \"not base64!\"}}", "base64")]
    [InlineData("{\"payload\": {}}", "base64")]
    [InlineData("not json", "base64")]
    [InlineData("{\"payload\": {\"data\": \"ICAK\"}}", "empty")]
    public void Decode_UnusablePayload_ThrowsKeyUnavailableNamingVersion(string body, string reason)
    {
        var exception = Assert.Throws<UpstreamException>(() =>
            SecretPayload.Decode(Encoding.UTF8.GetBytes(body), Version));

        Assert.Equal(UpstreamFault.KeyUnavailable, exception.Fault);
        Assert.Contains(Version, exception.Message);
        Assert.Contains(reason, exception.Message);
    }

    [Fact]
    public void Decode_ChecksumOffByOneBit_Refused()
    {
        var data = "ABCDEF123"u8.ToArray();
        var wrong = Crc32CReference.Compute(data) ^ 0x100;
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            payload = new { data = Convert.ToBase64String(data), dataCrc32c = wrong.ToString() },
        });

        var exception = Assert.Throws<UpstreamException>(() => SecretPayload.Decode(body, Version));

        Assert.DoesNotContain("ABCDEF123", exception.Message);
    }

    [Fact]
    public void Decode_AccessResponsesRecordedFromSecretManager_ChecksumsMatch()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "..", "shared", "fixtures", "secretmanager");
        if (!Directory.Exists(folder))
        {
            Assert.Null(RepositoryPaths.RecordedAlphaVantage);
            return;
        }

        var log = File.ReadAllText(Path.Combine(folder, "kcc_runjob_secretmanagersecret_http.log"));
        var bodies = Regex
            .Matches(log, @":access\?alt=json\n.*?\n200 OK\n.*?\n\n(\{.*?\n\})", RegexOptions.Singleline)
            .Select(match => Encoding.UTF8.GetBytes(match.Groups[1].Value))
            .ToList();

        Assert.NotEmpty(bodies);
        Assert.All(bodies, body => Assert.NotEmpty(SecretPayload.Decode(body, Version)));
    }

    private static byte[] Body(string secret)
    {
        var data = Encoding.UTF8.GetBytes(secret);
        return JsonSerializer.SerializeToUtf8Bytes(new
        {
            name = Version,
            payload = new
            {
                data = Convert.ToBase64String(data),
                dataCrc32c = Crc32CReference.Compute(data).ToString(),
            },
        });
    }
}
