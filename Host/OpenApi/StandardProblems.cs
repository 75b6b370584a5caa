using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Allocation.Host.OpenApi;

/// <summary>
/// The statuses every operation of a kind can answer, declared once rather than on each endpoint:
/// 401 and 403 where a credential may be needed, 400, 413 and 415 where a body is read, and 503
/// (<c>store-unavailable</c>, with <c>Retry-After</c>) wherever the database is read or written.
/// </summary>
internal static class StandardProblems
{
    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<IAuthorizeData>().Any())
        {
            return Task.CompletedTask; // the service's own routes: no credential, no database
        }

        Declare(operation, context, StatusCodes.Status401Unauthorized, "No credential, or one that is not valid (only where credentials are configured).");
        Declare(operation, context, StatusCodes.Status403Forbidden, "The credential lacks the scope this operation needs; `detail` names it.");
        if (operation.RequestBody is not null)
        {
            Declare(operation, context, StatusCodes.Status400BadRequest, "The body is malformed or a field is invalid (`errors` names each).");
            Declare(operation, context, StatusCodes.Status413PayloadTooLarge, "The body is larger than this operation accepts.");
            Declare(operation, context, StatusCodes.Status415UnsupportedMediaType, "The body's content type or charset is not one this operation reads.");
        }

        Declare(operation, context, StatusCodes.Status503ServiceUnavailable, "The database cannot be reached (`store-unavailable`): try again after `Retry-After` seconds.");
        return Task.CompletedTask;
    }

    private static void Declare(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses.TryGetValue(key, out var declared))
        {
            if (declared is OpenApiResponse response && (string.IsNullOrEmpty(response.Description) || response.Description == ReasonPhrase(status)))
            {
                response.Description = description;
            }

            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema.Name, context.Document) },
            },
        };
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
