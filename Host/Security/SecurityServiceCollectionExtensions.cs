using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Security;

/// <summary>API-key authentication and the two policies the endpoints use (<see cref="Policies"/>), from validated settings.</summary>
internal static class SecurityServiceCollectionExtensions
{
    /// <summary>The name <c>AddOpenApi()</c> gives its document (<c>/openapi/v1.json</c>).</summary>
    private const string OpenApiDocumentName = "v1";

    public static IServiceCollection AddAllocationSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecuritySettings>().Bind(configuration.GetSection(SecuritySettings.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecuritySettings>, SecuritySettingsValidator>();
        services.AddOptions<OpenApiOptions>(OpenApiDocumentName)
            .Configure<IOptions<SecuritySettings>>((openApi, settings) => ApiKeyOpenApi.Declare(openApi, settings.Value));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { });
        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<SecuritySettings>>((authorization, settings) =>
        {
            authorization.AddPolicy(Policies.Write, policy => Protect(policy, settings.Value.Enabled));
            authorization.AddPolicy(Policies.Read, policy => Protect(policy, settings.Value.ProtectReads));
        });
        return services;
    }

    private static void Protect(AuthorizationPolicyBuilder policy, bool required)
    {
        if (required)
        {
            policy.RequireAuthenticatedUser();
        }
        else
        {
            policy.RequireAssertion(_ => true); // open: authentication is off, or reads are not protected
        }
    }
}
