using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Security;

/// <summary>API-key authentication and the two policies the endpoints use: <c>write</c> and <c>read</c>.</summary>
internal static class SecurityServiceCollectionExtensions
{
    /// <summary>The name <c>AddOpenApi()</c> gives its document (<c>/openapi/v1.json</c>).</summary>
    private const string OpenApiDocumentName = "v1";

    /// <exception cref="OptionsValidationException">A security setting is wrong; the message names it.</exception>
    public static IServiceCollection AddAllocationSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(SecuritySettings.SectionName).Get<SecuritySettings>() ?? new SecuritySettings();
        var problems = settings.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(SecuritySettings.SectionName, typeof(SecuritySettings), problems);
        }

        services.AddSingleton(settings);
        services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>(OpenApiDocumentName, openApi => ApiKeyOpenApi.Declare(openApi, settings));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Write, policy => Protect(policy, settings.Enabled))
            .AddPolicy(Policies.Read, policy => Protect(policy, settings.ProtectReads));
        return services;
    }

    private static void Protect(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy, bool required)
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
