using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Allocation.Host.Security;

/// <summary>
/// Declares the API key in the OpenAPI document when keys are configured: the <c>ApiKey</c>
/// scheme (<c>X-Api-Key</c> header), and a requirement plus a 401 answer on each operation whose
/// policy needs a key. Generated clients and API explorers then know to send it.
/// </summary>
internal static class ApiKeyOpenApi
{
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
            document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "One of the keys configured in Allocation:Security:ApiKeys.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var policies = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(data => data.Policy);
            if (!policies.Any(policy => NeedsKey(policy, settings)))
            {
                return Task.CompletedTask;
            }

            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, context.Document)] = [],
            });
            operation.Responses ??= [];
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No key, or not one of the configured keys (problem `unauthorized`)." });
            return Task.CompletedTask;
        });
    }

    private static bool NeedsKey(string? policy, SecuritySettings settings) => policy switch
    {
        Policies.Write => settings.Enabled,
        Policies.Read => settings.ProtectReads,
        _ => false,
    };
}
