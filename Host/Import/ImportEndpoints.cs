using System.Text.Json.Serialization;
using Allocation.Application;
using Allocation.Host.Errors;
using Allocation.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Allocation.Host.Import;

/// <summary><c>POST /batches:import</c>: the CSV import over HTTP, for a <c>text/csv</c> body of up to 256 MiB.</summary>
internal static class ImportEndpoints
{
    public const long MaxBodyBytes = 256L * 1024 * 1024;
    private const int MaxListed = 1000;

    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/batches:import", ImportAsync).RequireAuthorization(Policies.Write)
            .WithTags("Batches").WithName("ImportBatches")
            .WithSummary("Adds the batches of a CSV body (text/csv; header ref,sku,qty,eta), committed a thousand rows at a time. Idempotent: a batch already there with the same values is counted, not added again. Bad rows are listed with their line numbers (the first 1000) and never stop the good ones.")
            .Accepts<string>("text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        return app;
    }

    private static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportAsync(
        AllocationService service, HttpContext context, CancellationToken cancellationToken)
    {
        if (!string.Equals(context.Request.ContentType?.Split(';')[0].Trim(), "text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "POST /batches:import takes a text/csv body with the header ref,sku,qty,eta.",
                extensions: new Dictionary<string, object?> { ["code"] = ProblemCodes.UnsupportedMediaType });
        }

        using var text = new StreamReader(context.Request.Body);
        var report = await new BatchImporter(service).ImportAsync(text, progress: null, cancellationToken);
        return TypedResults.Ok(new ImportResponse(
            report.Rows, report.Added, report.AlreadyPresent, report.Refused.Count,
            [.. report.Refused.Take(MaxListed).Select(r => new RefusedRowResponse(r.Line, r.Reference, r.Reason))]));
    }
}

/// <summary>What an import did.</summary>
/// <param name="Rows">Data rows read.</param>
/// <param name="Added">Batches added.</param>
/// <param name="AlreadyPresent">Batches already there with the same values.</param>
/// <param name="RefusedCount">Rows refused.</param>
/// <param name="Refused">The first 1000 refused rows.</param>
public sealed record ImportResponse(
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("added")] long Added,
    [property: JsonPropertyName("alreadyPresent")] long AlreadyPresent,
    [property: JsonPropertyName("refusedCount")] int RefusedCount,
    [property: JsonPropertyName("refused")] IReadOnlyList<RefusedRowResponse> Refused);

/// <summary>A row that was not imported.</summary>
/// <param name="Line">Its line number (the header is line 1).</param>
/// <param name="Ref">Its batch reference, when it had a sound one.</param>
/// <param name="Reason">Why.</param>
public sealed record RefusedRowResponse(
    [property: JsonPropertyName("line")] long Line,
    [property: JsonPropertyName("ref")] string? Ref,
    [property: JsonPropertyName("reason")] string Reason);
