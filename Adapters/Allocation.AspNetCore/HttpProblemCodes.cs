using Microsoft.AspNetCore.Http;

namespace Allocation.AspNetCore;

/// <summary>
/// The stable <c>code</c> of a problem the HTTP layer raises itself, rather than a rule of the
/// domain or application (those carry their own, such as <c>out-of-stock</c>).
/// </summary>
public static class HttpProblemCodes
{
    /// <summary>The request could not be read: malformed JSON, a body of the wrong shape.</summary>
    public const string MalformedRequest = "malformed-request";

    /// <summary>No credential, or one that is not valid.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>The credential lacks a scope the operation needs.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>No route matches, or the resource does not exist.</summary>
    public const string NotFound = "not-found";

    /// <summary>The route exists, not with this method.</summary>
    public const string MethodNotAllowed = "method-not-allowed";

    /// <summary>The request body arrived too slowly.</summary>
    public const string RequestTimeout = "request-timeout";

    /// <summary>The request body is larger than the endpoint accepts.</summary>
    public const string PayloadTooLarge = "payload-too-large";

    /// <summary>The body's content type or charset is not one the endpoint reads.</summary>
    public const string UnsupportedMediaType = "unsupported-media-type";

    /// <summary>A failure on the service's side; its details are in the service's log.</summary>
    public const string InternalError = "internal-error";

    /// <summary>The code for a bare status the framework produced (an unknown route, a wrong method, ...).</summary>
    /// <param name="status">The HTTP status.</param>
    /// <returns>Its code; <c>http-NNN</c> for a status with none of its own.</returns>
    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => MalformedRequest,
        StatusCodes.Status401Unauthorized => Unauthorized,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status408RequestTimeout => RequestTimeout,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        >= 500 => InternalError,
        _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"http-{status}"),
    };
}
