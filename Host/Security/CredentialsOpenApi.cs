using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Allocation.Host.Security;

/// <summary>
/// Declares the configured credentials in the OpenAPI document: the <c>ApiKey</c> scheme
/// (<c>X-Api-Key</c> header) when keys are configured, the <c>Bearer</c> scheme (a JWT) when
/// tokens are, and on each operation whose policy needs a credential one requirement per scheme
/// (either will do; the bearer one names its scope), a 401 answer, and with tokens a 403 answer.
/// Generated clients and the API page then know what to send.
/// </summary>
internal static class CredentialsOpenApi
{
    /// <summary>The name of the bearer scheme in the document.</summary>
    public const string BearerSchemeName = "Bearer";

    public static void Declare(OpenApiOptions options, SecuritySettings settings)
    {
        if (!settings.Enabled)
        {
            return;
        }

        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            if (settings.ApiKeys.Length > 0)
            {
                document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = ApiKeyAuthenticationHandler.HeaderName,
                    Description = "One of the keys configured in Allocation:Security:ApiKeys. A key may call every operation.",
                };
            }

            if (settings.Jwt.Enabled)
            {
                document.Components.SecuritySchemes[BearerSchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = $"A JWT for audience {settings.Jwt.Audience} from {settings.Jwt.Authority ?? settings.Jwt.Issuer}, " +
                        $"with scope {Scopes.Write} for changes and {Scopes.Read} for protected reads (in `scope` or `scp`).",
                };
            }

            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var policies = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(data => data.Policy);
            if (policies.Select(policy => ScopeNeeded(policy, settings)).FirstOrDefault(scope => scope is not null) is not { } scope)
            {
                return Task.CompletedTask;
            }

            operation.Security ??= [];
            if (settings.ApiKeys.Length > 0)
            {
                operation.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, context.Document)] = [],
                });
            }

            operation.Responses ??= [];
            if (settings.Jwt.Enabled)
            {
                operation.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(BearerSchemeName, context.Document)] = [scope],
                });
                operation.Responses.TryAdd("403", new OpenApiResponse { Description = $"A valid token without scope {scope} (problem `forbidden`)." });
            }

            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No credential, or one that is not valid: an unknown key, or an expired or foreign token (problem `unauthorized`)." });
            return Task.CompletedTask;
        });
    }

    /// <summary>The scope an operation under <paramref name="policy"/> needs, or <see langword="null"/> when it is open.</summary>
    private static string? ScopeNeeded(string? policy, SecuritySettings settings) => policy switch
    {
        Policies.Write => Scopes.Write,
        Policies.Read when settings.ProtectReads => Scopes.Read,
        _ => null,
    };
}
