using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Configuration;

/// <summary>
/// Request logs that stay useful and cost nothing on the happy path: a request slower than
/// <see cref="RequestLoggingOptions.SlowRequestThreshold"/>, or answered with a server error, is
/// logged at <c>Warning</c> (method, route pattern, path, status, milliseconds, structured); every
/// other request only costs a timestamp. Unexpected exceptions are logged at <c>Error</c> by the
/// exception handler, with the trace id the client sees.
/// </summary>
internal sealed partial class RequestLogging(RequestDelegate next, IOptionsMonitor<RequestLoggingOptions> options, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var status = context.Response.StatusCode;
            var heldOpen = context.GetEndpoint()?.Metadata.GetMetadata<HeldOpen>() is not null && status < StatusCodes.Status400BadRequest;
            if ((elapsed >= options.CurrentValue.SlowRequestThreshold && !heldOpen) || status >= StatusCodes.Status500InternalServerError)
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
                LogRequest(logger, context.Request.Method, route, context.Request.Path, status, elapsed.TotalMilliseconds);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Route} ({Path}) answered {StatusCode} in {ElapsedMs:F1} ms")]
    private static partial void LogRequest(ILogger logger, string method, string route, string path, int statusCode, double elapsedMs);
}

/// <summary>
/// Marks an endpoint that holds its request open by design (an event stream, a long poll): a long
/// answer from it is no slow request, and is not logged as one (a thousand streams ending together
/// wrote a thousand warnings at once).
/// </summary>
internal sealed class HeldOpen;

/// <summary>The <c>Allocation:Http</c> section: what the request log reports.</summary>
internal sealed class RequestLoggingOptions
{
    public const string SectionName = "Allocation:Http";

    /// <summary>Requests at least this slow are logged at Warning. Default 1 s.</summary>
    public TimeSpan SlowRequestThreshold { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Checks <see cref="RequestLoggingOptions"/> when the host starts.</summary>
internal sealed class RequestLoggingOptionsValidator : IValidateOptions<RequestLoggingOptions>
{
    public ValidateOptionsResult Validate(string? name, RequestLoggingOptions options) =>
        options.SlowRequestThreshold >= TimeSpan.Zero && options.SlowRequestThreshold <= TimeSpan.FromMinutes(10)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{RequestLoggingOptions.SectionName}:SlowRequestThreshold must be between 00:00:00 and 00:10:00 (got {options.SlowRequestThreshold}).");
}
