using Allocation.Host.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Security;

/// <summary>API-key and bearer-token authentication and the two policies the endpoints use (<see cref="Policies"/>), from validated settings.</summary>
internal static class SecurityServiceCollectionExtensions
{
    /// <summary>The name <c>AddOpenApi()</c> gives its document (<c>/openapi/v1.json</c>).</summary>
    private const string OpenApiDocumentName = "v1";

    public static IServiceCollection AddAllocationSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SecuritySettings.SectionName);
        services.AddOptions<SecuritySettings>().Bind(section)
            .PostConfigure(settings => settings.ApiKeys = ListSetting.Read(section.GetSection(nameof(SecuritySettings.ApiKeys))))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecuritySettings>, SecuritySettingsValidator>();
        services.AddOptions<OpenApiOptions>(OpenApiDocumentName)
            .Configure<IOptions<SecuritySettings>>((openApi, settings) => CredentialsOpenApi.Declare(openApi, settings.Value));
        // A request with "Authorization: Bearer …" is checked as a token (when tokens are configured), any other by its API key.
        services.AddAuthentication(CredentialScheme)
            .AddPolicyScheme(CredentialScheme, "API key or bearer token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.FirstOrDefault() is { } header
                && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                && context.RequestServices.GetRequiredService<IOptions<SecuritySettings>>().Value.Jwt.Enabled
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { })
            .AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<SecuritySettings>>((jwt, settings) => JwtBearerSetup.Configure(jwt, settings.Value.Jwt));
        services.AddAuthorization();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ForbiddenProblem>();
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<SecuritySettings>>((authorization, settings) =>
        {
            authorization.AddPolicy(Policies.Write, policy => Protect(policy, settings.Value.Enabled, Scopes.Write));
            authorization.AddPolicy(Policies.Read, policy => Protect(policy, settings.Value.ProtectReads, Scopes.Read));
        });
        return services;
    }

    /// <summary>The default scheme: forwards each request to the API-key or the bearer-token handler.</summary>
    private const string CredentialScheme = "Credential";

    private static void Protect(AuthorizationPolicyBuilder policy, bool required, string scope)
    {
        if (required)
        {
            // Authenticated, and allowed: any API key, or a token with the scope (else 403 forbidden).
            policy.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(scope));
        }
        else
        {
            policy.RequireAssertion(_ => true); // open: authentication is off, or reads are not protected
        }
    }
}
