using System.Text;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Security;

/// <summary>
/// The <c>Allocation:Security</c> section: API keys and JWT bearer tokens for the write routes, and
/// optionally the read routes. With neither configured, authentication is off (for local use).
/// </summary>
internal sealed class SecuritySettings
{
    public const string SectionName = "Allocation:Security";

    /// <summary>Keys accepted in the <c>X-Api-Key</c> header. A key may call every route.</summary>
    public string[] ApiKeys { get; set; } = [];

    /// <summary>Whether the read routes need a credential too. Default false: reads stay open.</summary>
    public bool ProtectReads { get; set; }

    /// <summary>JWT bearer tokens, checked against an authority's keys or a shared signing key.</summary>
    public JwtSettings Jwt { get; set; } = new();

    public bool Enabled => ApiKeys.Length > 0 || Jwt.Enabled;
}

/// <summary>
/// The <c>Allocation:Security:Jwt</c> section. Tokens carry their scopes in <c>scope</c> (or
/// <c>scp</c>): <see cref="Scopes.Write"/> for changes, <see cref="Scopes.Read"/> for protected reads.
/// </summary>
internal sealed class JwtSettings
{
    /// <summary>An OpenID Connect issuer (<c>https://…</c>): its discovery document gives the signing keys and the issuer.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience every token must name (this service's identifier at the authority).</summary>
    public string? Audience { get; set; }

    /// <summary>With <see cref="SigningKey"/>: the issuer every token must name.</summary>
    public string? Issuer { get; set; }

    /// <summary>Instead of an authority: a shared HMAC-SHA256 secret, at least 32 bytes, from a secret store.</summary>
    public string? SigningKey { get; set; }

    /// <summary>How far a token's expiry may be passed, for clocks that differ. Default 30 s.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(SigningKey);
}

/// <summary>Checks <see cref="SecuritySettings"/> when the host starts, naming each wrong setting.</summary>
internal sealed class SecuritySettingsValidator : IValidateOptions<SecuritySettings>
{
    private const string Jwt = SecuritySettings.SectionName + ":Jwt";

    public ValidateOptionsResult Validate(string? name, SecuritySettings options)
    {
        var failures = new List<string>();
        if (options.ApiKeys.Any(key => string.IsNullOrWhiteSpace(key) || key.Length < 16))
        {
            failures.Add($"{SecuritySettings.SectionName}:ApiKeys must each be at least 16 characters (use a random secret).");
        }

        if (options.ProtectReads && !options.Enabled)
        {
            failures.Add($"{SecuritySettings.SectionName}:ProtectReads needs a credential: a key in {SecuritySettings.SectionName}:ApiKeys or {Jwt}.");
        }

        failures.AddRange(JwtProblems(options.Jwt));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> JwtProblems(JwtSettings jwt)
    {
        if (!jwt.Enabled)
        {
            yield break;
        }

        if (!string.IsNullOrWhiteSpace(jwt.Authority) && !string.IsNullOrWhiteSpace(jwt.SigningKey))
        {
            yield return $"{Jwt}: set Authority or SigningKey, not both.";
        }

        if (string.IsNullOrWhiteSpace(jwt.Audience))
        {
            yield return $"{Jwt}:Audience is required: the audience every token must name.";
        }

        if (!string.IsNullOrWhiteSpace(jwt.Authority)
            && !(Uri.TryCreate(jwt.Authority, UriKind.Absolute, out var authority) && (authority.Scheme == Uri.UriSchemeHttps || authority.IsLoopback)))
        {
            yield return $"{Jwt}:Authority must be an absolute https URL (got '{jwt.Authority}').";
        }

        if (!string.IsNullOrWhiteSpace(jwt.SigningKey))
        {
            if (Encoding.UTF8.GetByteCount(jwt.SigningKey) < 32)
            {
                yield return $"{Jwt}:SigningKey must be at least 32 bytes (use a random secret).";
            }

            if (string.IsNullOrWhiteSpace(jwt.Issuer))
            {
                yield return $"{Jwt}:Issuer is required with SigningKey: the issuer every token must name.";
            }
        }

        if (jwt.ClockSkew < TimeSpan.Zero || jwt.ClockSkew > TimeSpan.FromMinutes(5))
        {
            yield return $"{Jwt}:ClockSkew must be from 00:00:00 to 00:05:00 (got {jwt.ClockSkew}).";
        }
    }
}
