using TelegramAI.Aws.Signing;

namespace TelegramAI.Tests.Aws;

/// <summary>Checked against AWS's published Signature Version 4 test suite and the S3 documentation's example.</summary>
public sealed class SigV4SignerTests
{
    private static readonly AwsSigningCredentials Suite = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    private const string SuiteSessionToken =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/"
        + "qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+"
        + "scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

    public static TheoryData<string, string, string, string[], bool, string, string> SuiteVectors => new()
    {
        { "get-vanilla", "GET", "", [], false, "host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
        { "post-vanilla", "POST", "", [], false, "host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b" },
        { "get-vanilla-query-order-key-case", "GET", "Param2=value2&Param1=value1", [], false, "host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500" },
        { "post-header-value-case", "POST", "", ["My-Header1:VALUE1"], false, "host;my-header1;x-amz-date", "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d" },
        { "post-sts-header-before", "POST", "", [], true, "host;x-amz-date;x-amz-security-token", "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead" },
    };

    [Theory]
    [MemberData(nameof(SuiteVectors))]
    public void The_published_test_suite_vectors_are_reproduced(string vector, string method, string query, string[] headers, bool withToken, string signedHeaders, string signature)
    {
        var request = new SignableRequest(
            method,
            "example.amazonaws.com",
            "/",
            query.Length == 0 ? [] : query.Split('&').Select(p => p.Split('=')).Select(p => new KeyValuePair<string, string>(p[0], p[1])).ToList(),
            headers.Select(h => h.Split(':')).Select(h => new KeyValuePair<string, string>(h[0], h[1])).ToList(),
            SigV4Signer.EmptyPayloadHash);

        var added = SigV4Signer.Sign(request, Suite with { SessionToken = withToken ? SuiteSessionToken : null }, "us-east-1", "service", SuiteTime).ToDictionary();

        added["X-Amz-Date"].ShouldBe("20150830T123600Z", vector);
        added["Authorization"].ShouldBe(
            $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}",
            vector);
        if (withToken)
        {
            added["X-Amz-Security-Token"].ShouldBe(SuiteSessionToken);
        }
    }

    [Fact]
    public void The_get_vanilla_canonical_request_matches_the_suite()
    {
        var request = new SignableRequest("GET", "example.amazonaws.com", "/", [],
            [new("host", "example.amazonaws.com"), new("X-Amz-Date", "20150830T123600Z")], SigV4Signer.EmptyPayloadHash);

        SigV4Signer.CanonicalRequest(request, out var signed).ShouldBe(
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        signed.ShouldBe("host;x-amz-date");
    }

    [Fact]
    public void The_S3_documentation_example_for_GET_object_is_reproduced()
    {
        // "Example: GET Object" in the S3 API reference (Signature Version 4, Authorization header).
        var request = new SignableRequest("GET", "examplebucket.s3.amazonaws.com", "/test.txt", [],
            [new("Range", "bytes=0-9"), new("x-amz-content-sha256", SigV4Signer.EmptyPayloadHash)], SigV4Signer.EmptyPayloadHash);

        var added = SigV4Signer.Sign(request, new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null),
            "us-east-1", "s3", new DateTimeOffset(2013, 5, 24, 0, 0, 0, TimeSpan.Zero)).ToDictionary();

        added["Authorization"].ShouldBe(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    }

    [Theory]
    [InlineData("-._~AZaz09", "-._~AZaz09")]
    [InlineData("a b+c/d", "a%20b%2Bc%2Fd")]
    [InlineData("ü", "%C3%BC")]
    public void Values_are_encoded_as_rfc3986_with_upper_case_hex(string raw, string encoded) =>
        SigV4Signer.UriEncode(raw).ShouldBe(encoded);

    [Fact]
    public void The_secret_key_never_shows_in_the_credentials_text()
    {
        var text = new AwsSigningCredentials("AKID", "very-secret", "session-secret").ToString();

        text.ShouldNotContain("very-secret");
        text.ShouldNotContain("session-secret");
    }
}
