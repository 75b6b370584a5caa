namespace Allocation.Host.Errors;

/// <summary>The stable <c>code</c> of problems the host raises itself (domain and application codes come from their exceptions).</summary>
internal static class ProblemCodes
{
    public const string MalformedRequest = "malformed-request";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string PayloadTooLarge = "payload-too-large";
    public const string NotFound = "not-found";
    public const string MethodNotAllowed = "method-not-allowed";
    public const string NoAllocations = "no-allocations";
    public const string NotParked = "not-parked";
    public const string NotBehindRetention = "not-behind-retention";
    public const string InternalError = "internal-error";
    public const string RequestTimeout = "request-timeout";
    public const string ImportsBusy = "imports-busy";
    public const string FeedBusy = "feed-busy";

    /// <summary>The code for a bare status code the framework produced (unknown route, wrong method, ...).</summary>
    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => MalformedRequest,
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status408RequestTimeout => RequestTimeout,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        >= 500 => InternalError,
        _ => $"http-{status}",
    };
}
