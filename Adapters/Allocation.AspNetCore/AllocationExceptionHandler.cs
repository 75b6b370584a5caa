using System.Collections.Frozen;
using System.Text.Json;
using Allocation.Application.Errors;
using Allocation.Domain;
using Allocation.Domain.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Allocation.AspNetCore;

/// <summary>
/// The one place failures become HTTP: a rule's exception maps to its status by its code
/// (<see cref="Statuses"/>); an unavailable store is 503 with Retry-After; a request the framework
/// could not read is 400/413/415; anything else, an unmapped code included, is a 500 whose details
/// stay in the log.
/// </summary>
internal sealed partial class AllocationExceptionHandler(IProblemDetailsService problems, ILogger<AllocationExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>
    /// Every stable code the libraries raise, with the status and title it is answered with. An
    /// <see cref="AllocationException"/> whose code is missing here is a bug: it is logged and
    /// answered 500, never guessed at (PublicSurfaceTests checks that none is missing).
    /// </summary>
    internal static readonly FrozenDictionary<string, (int Status, string Title)> Statuses = new Dictionary<string, (int, string)>
    {
        [InvalidInputException.ErrorCode] = (StatusCodes.Status400BadRequest, "Invalid request"),
        [InvalidSkuException.ErrorCode] = (StatusCodes.Status400BadRequest, "Unknown SKU"),
        [BatchNotFoundException.ErrorCode] = (StatusCodes.Status404NotFound, "Batch not found"),
        [LineNotAllocatedException.ErrorCode] = (StatusCodes.Status404NotFound, "Line not allocated"),
        [DuplicateBatchException.ErrorCode] = (StatusCodes.Status409Conflict, "Duplicate batch"),
        [OutOfStockException.ErrorCode] = (StatusCodes.Status409Conflict, "Out of stock"),
        [LineAlreadyAllocatedException.ErrorCode] = (StatusCodes.Status409Conflict, "Line already allocated"),
        [ConcurrencyConflictException.ErrorCode] = (StatusCodes.Status409Conflict, "Concurrency conflict"),
        [EventsTrimmedException.ErrorCode] = (StatusCodes.Status410Gone, "Events trimmed"),
        [StoreUnavailableException.ErrorCode] = (StatusCodes.Status503ServiceUnavailable, "Service unavailable"),
    }.ToFrozenDictionary();

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            AllocationException rule when Statuses.TryGetValue(rule.Code, out var mapped) => FromRule(rule, mapped),
            StoreUnavailableException unavailable => Unavailable(unavailable, httpContext),
            BadHttpRequestException bad => FromBadRequest(bad, httpContext),
            _ => null,
        };
        if (problem is null)
        {
            LogUnexpected(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Internal server error",
                Detail = "Something went wrong on our side. It has been logged; quote the traceId when you report it.",
                Extensions = { ["code"] = HttpProblemCodes.InternalError },
            };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception }).ConfigureAwait(false);
    }

    private static ProblemDetails FromRule(AllocationException exception, (int Status, string Title) mapped)
    {
        var problem = new ProblemDetails { Status = mapped.Status, Title = mapped.Title, Detail = exception.Message, Extensions = { ["code"] = exception.Code } };
        if (exception is InvalidInputException invalid)
        {
            problem.Extensions["errors"] = invalid.Errors;
        }

        if (exception is EventsTrimmedException trimmed)
        {
            problem.Extensions["trimmedThrough"] = trimmed.TrimmedThrough;
            problem.Extensions["oldestPosition"] = trimmed.OldestKept;
        }

        return problem;
    }

    private static ProblemDetails Unavailable(StoreUnavailableException exception, HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = "1";
        var (status, title) = Statuses[exception.Code];
        return new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = "The service could not complete this with its database just now. Retry the request: " +
                "allocating is idempotent per order line, so a retry never allocates twice.",
            Extensions = { ["code"] = exception.Code },
        };
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException exception, HttpContext httpContext)
    {
        var status = exception.StatusCode;
        var problem = new ProblemDetails
        {
            Status = status,
            Title = status switch
            {
                StatusCodes.Status413PayloadTooLarge => "Payload too large",
                StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
                StatusCodes.Status408RequestTimeout => "Request timeout",
                _ => "Malformed request",
            },
            Detail = status switch
            {
                StatusCodes.Status413PayloadTooLarge => $"The request body is larger than {BodyLimit(httpContext)}.",
                StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON with Content-Type: application/json.",
                StatusCodes.Status408RequestTimeout => "The request body arrived too slowly; send it again.",
                _ => "The request body is not valid JSON for this route.",
            },
            Extensions = { ["code"] = HttpProblemCodes.ForStatus(status) },
        };
        // A value of the wrong type names its field; a syntax error (which wraps the reader's own
        // JsonException) does not, whatever path the reader had reached.
        if (exception.InnerException is JsonException { Path: { Length: > 2 } path, InnerException: not JsonException })
        {
            var field = path.TrimStart('$', '.');
            problem.Title = "Invalid request";
            problem.Detail = $"Field '{field}' has the wrong type or is out of range.";
            problem.Extensions["code"] = InvalidInputException.ErrorCode;
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = ["has the wrong type or is out of range"] };
        }

        return problem;
    }

    /// <summary>The body limit the request was held to, as people say it: "64 KiB", "256 MiB".</summary>
    private static string BodyLimit(HttpContext httpContext) =>
        (httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize
            ?? httpContext.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize) switch
        {
            >= 1024 * 1024 and var bytes => $"{bytes / 1024 / 1024} MiB",
            { } bytes => $"{bytes / 1024} KiB",
            null => "this endpoint accepts",
        };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, string method, string path, Exception exception);
}
