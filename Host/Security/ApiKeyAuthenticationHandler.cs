using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Security;

/// <summary>Authenticates a request that carries one of the configured keys in <c>X-Api-Key</c>.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<SecuritySettings> settings, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var presented) || presented.Count != 1 || string.IsNullOrEmpty(presented[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var given = Encoding.UTF8.GetBytes(presented[0]!);
        var valid = false;
        foreach (var key in settings.Value.ApiKeys)
        {
            valid |= CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(key)); // no early exit: constant time
        }

        if (!valid)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = settings.Value.Jwt.Enabled
            ? new Microsoft.Extensions.Primitives.StringValues([$"{SchemeName} header=\"{HeaderName}\"", "Bearer"])
            : $"{SchemeName} header=\"{HeaderName}\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = settings.Value.Jwt.Enabled
                    ? $"This route needs a valid API key in the {HeaderName} header or a bearer token."
                    : $"This route needs a valid API key in the {HeaderName} header.",
                Extensions = { ["code"] = "unauthorized" },
            },
        });
    }
}
