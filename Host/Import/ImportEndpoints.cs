using Allocation.AspNetCore;
using System.Text.Json.Serialization;
using Allocation.Application.Commands;
using Allocation.Host.Errors;
using Allocation.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Allocation.Host.Import;

/// <summary><c>POST /batches:import</c>: the CSV import over HTTP, for a <c>text/csv</c> body of up to 256 MiB.</summary>
internal static class ImportEndpoints
{
    public const long MaxBodyBytes = 256L * 1024 * 1024;

    /// <summary>How many imports may run at once in this process; more are refused with 503 and <c>Retry-After</c>.</summary>
    public const int MaxConcurrent = 2;

    private static readonly SemaphoreSlim Imports = new(MaxConcurrent, MaxConcurrent);

    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/batches:import", ImportAsync).RequireAuthorization(Policies.Write)
            .WithTags("Batches").WithName("ImportBatches")
            .WithSummary("Import batches from CSV")
            .WithDescription("Adds the batches of a CSV body (text/csv; header ref,sku,qty,eta), committed a thousand rows at a time. Idempotent: a batch already there with the same values is counted, not added again. Bad rows are listed with their line numbers (the first 1000) and never stop the good ones.")
            .Accepts<string>("text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        return app;
    }

    private static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportAsync(
        CommandInvoker commands, HttpContext context, CancellationToken cancellationToken)
    {
        var charset = CsvCharset.Of(context.Request.ContentType);
        if (charset.Problem is { } unsupported)
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", unsupported, HttpProblemCodes.UnsupportedMediaType);
        }

        if (!await Imports.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            context.Response.Headers.RetryAfter = "5";
            return Problem(StatusCodes.Status503ServiceUnavailable, "Imports busy",
                $"{MaxConcurrent} imports are running; try again when one has finished.", ProblemCodes.ImportsBusy);
        }

        ImportReport? committed = null;
        try
        {
            using var text = new StreamReader(context.Request.Body, charset.Encoding!);
            var report = await new BatchImporter(commands).ImportAsync(text, progress => committed = progress, cancellationToken);
            return TypedResults.Ok(new ImportResponse(
                report.Rows, report.Added, report.AlreadyPresent, report.RefusedCount,
                [.. report.Refused.Select(r => new RefusedRowResponse(r.Line, r.Reference, r.Reason))]));
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            var problem = TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large",
                detail: committed is { } done
                    ? $"The body is larger than {MaxBodyBytes / 1024 / 1024} MiB. Lines 2 to {done.Through} were read and committed before the limit was reached " +
                      $"({done.Added} added, {done.AlreadyPresent} already present, {done.RefusedCount} refused); nothing after line {done.Through} was."
                    : $"The body is larger than {MaxBodyBytes / 1024 / 1024} MiB; nothing was committed.",
                extensions: new Dictionary<string, object?>
                {
                    ["code"] = HttpProblemCodes.ForStatus(StatusCodes.Status413PayloadTooLarge),
                    ["committedThrough"] = committed?.Through ?? 1,
                    ["added"] = committed?.Added ?? 0,
                    ["alreadyPresent"] = committed?.AlreadyPresent ?? 0,
                });
            return problem;
        }
        finally
        {
            Imports.Release();
        }
    }

    private static ProblemHttpResult Problem(int status, string title, string detail, string code) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: new Dictionary<string, object?> { ["code"] = code });
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
    [property: JsonPropertyName("refusedCount")] long RefusedCount,
    [property: JsonPropertyName("refused")] IReadOnlyList<RefusedRowResponse> Refused);

/// <summary>A row that was not imported.</summary>
/// <param name="Line">Its line number (the header is line 1).</param>
/// <param name="Ref">Its batch reference, when it had a sound one.</param>
/// <param name="Reason">Why.</param>
public sealed record RefusedRowResponse(
    [property: JsonPropertyName("line")] long Line,
    [property: JsonPropertyName("ref")] string? Ref,
    [property: JsonPropertyName("reason")] string Reason);
