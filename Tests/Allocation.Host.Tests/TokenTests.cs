using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Tests;

/// <summary>JWT bearer tokens, signed here with the configured key: scopes, expiry, audience, issuer and signature all count; API keys keep working.</summary>
public sealed class TokenTests : SharedHostTest
{
    internal const string SigningKey = "a-shared-signing-key-of-at-least-32-bytes";
    internal const string Issuer = "https://issuer.test";
    internal const string Audience = "allocation";
    private const string ApiKey = "a-long-random-secret-0123456789";

    private protected override AllocationApp CreateApp() => AllocationApp.Sqlite(new Dictionary<string, string?>
    {
        ["Allocation:Security:ApiKeys:0"] = ApiKey,
        ["Allocation:Security:ProtectReads"] = "true",
        ["Allocation:Security:Jwt:SigningKey"] = SigningKey,
        ["Allocation:Security:Jwt:Issuer"] = Issuer,
        ["Allocation:Security:Jwt:Audience"] = Audience,
    });

    [Test]
    public async Task A_token_with_the_write_scope_may_change_and_one_with_the_read_scope_may_read()
    {
        var writer = Token("allocation.write allocation.read");
        (await Send(HttpMethod.Post, "/batches", writer, new { @ref = "t1", sku = "TOKEN", qty = 5 })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await Send(HttpMethod.Get, "/batches/t1", Token("allocation.read"))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task A_token_without_the_scope_is_forbidden()
    {
        var write = await Send(HttpMethod.Post, "/batches", Token("allocation.read"), new { @ref = "t2", sku = "TOKEN", qty = 5 });
        var read = await Send(HttpMethod.Get, "/events", Token("allocation.write"));

        (await write.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden")).GetProperty("scope").GetString().Should().Be("allocation.write");
        write.Headers.WwwAuthenticate.ToString().Should().Be("Bearer error=\"insufficient_scope\", scope=\"allocation.write\"");
        (await read.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden")).GetProperty("detail").GetString().Should().Contain("allocation.read");
    }

    [TestCase("expired", "expired")]
    [TestCase("wrong audience", "audience")]
    [TestCase("wrong issuer", "issuer")]
    [TestCase("wrong key", "signature")]
    public async Task A_bad_token_is_unauthorized_and_says_why(string fault, string reason)
    {
        var token = fault switch
        {
            "expired" => Token("allocation.write", expires: DateTime.UtcNow.AddMinutes(-10)),
            "wrong audience" => Token("allocation.write", audience: "someone-else"),
            "wrong issuer" => Token("allocation.write", issuer: "https://elsewhere.test"),
            _ => Token("allocation.write", key: "another-signing-key-of-at-least-32-bytes!"),
        };

        var response = await Send(HttpMethod.Post, "/batches", token, new { @ref = "t3", sku = "TOKEN", qty = 5 });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        problem.GetProperty("detail").GetString().Should().Contain(reason);
        problem.ToString().Should().NotContain(token, "the token is never echoed");
        response.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer");
    }

    [Test]
    public async Task Api_keys_keep_working_beside_tokens_and_no_credential_is_unauthorized()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/products");
        request.Headers.Add("X-Api-Key", ApiKey);
        (await Client.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK);

        var none = await Client.GetAsync("/products");
        await none.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        none.Headers.WwwAuthenticate.Select(h => h.Scheme).Should().Contain(["ApiKey", "Bearer"]);
    }

    [Test]
    public async Task The_openapi_document_declares_the_bearer_scheme_beside_the_key_with_the_scope_each_operation_needs()
    {
        var document = await (await Client.GetAsync("/openapi/v1.json")).JsonAsync();

        var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        (bearer.GetProperty("type").GetString(), bearer.GetProperty("scheme").GetString(), bearer.GetProperty("bearerFormat").GetString())
            .Should().Be(("http", "bearer", "JWT"));
        var paths = document.GetProperty("paths");
        foreach (var (path, method, scope) in new[] { ("/allocations", "post", "allocation.write"), ("/products", "get", "allocation.read") })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            var alternatives = operation.GetProperty("security").EnumerateArray().ToList();
            alternatives.Count(a => a.TryGetProperty("ApiKey", out _)).Should().Be(1, "a key will do");
            alternatives.Single(a => a.TryGetProperty("Bearer", out _)).GetProperty("Bearer").EnumerateArray().Select(s => s.GetString())
                .Should().Equal([scope], "or a token with the scope");
            operation.GetProperty("responses").TryGetProperty("403", out _).Should().BeTrue($"{path} answers 403 to a token without {scope}");
        }
    }

    [TestCase("Allocation:Security:Jwt:SigningKey", "too-short", "at least 32 bytes")]
    [TestCase("Allocation:Security:Jwt:Authority", "http://issuer.example", "absolute https URL")]
    public async Task Bad_token_settings_fail_at_start(string key, string value, string message)
    {
        await using var app = AllocationApp.Sqlite(new Dictionary<string, string?>
        {
            [key] = value,
            ["Allocation:Security:Jwt:Audience"] = Audience,
            ["Allocation:Security:Jwt:Issuer"] = Issuer,
        });

        var start = () => app.CreateClient();

        start.Should().Throw<OptionsValidationException>().Where(e => e.Message.Contains(message, StringComparison.Ordinal));
    }

    internal static string Token(string scope, DateTime? expires = null, string audience = Audience, string issuer = Issuer, string key = SigningKey)
    {
        var notBefore = (expires ?? DateTime.UtcNow.AddMinutes(5)).AddMinutes(-30);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", "test-client"), new Claim("scope", scope)]),
            Issuer = issuer,
            Audience = audience,
            NotBefore = notBefore,
            IssuedAt = notBefore,
            Expires = expires ?? DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, string path, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }

        return Client.SendAsync(request);
    }
}
