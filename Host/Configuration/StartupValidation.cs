using Microsoft.Extensions.Options;

namespace Allocation.Host.Configuration;

/// <summary>
/// Checks every setting (each registered with <c>ValidateOnStart</c>) before anything touches the
/// database: the <c>migrate</c> and <c>import</c> commands and start-up migrations come after. A
/// bad setting is one <c>Critical</c> log line naming each wrong setting (JSON in Production) and
/// exit code 1, instead of a stack trace after the schema was already changed.
/// </summary>
internal static partial class StartupValidation
{
    /// <returns><see langword="false"/> when a setting is wrong: it is logged, and the caller should exit with 1.</returns>
    public static bool SettingsAreValid(this WebApplication app)
    {
        if (app.Services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?.GetType().FullName == "Microsoft.AspNetCore.TestHost.TestServer")
        {
            return true; // hosted in a test (WebApplicationFactory): starting it throws the validation exception instead
        }

        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
            return true;
        }
        catch (Exception e) when (Failures(e) is { Count: > 0 } failures)
        {
            // A logger of its own, disposed at once so that the line is written before the process exits.
            using var loggers = LoggerFactory.Create(logging => logging.AddConfiguration(app.Configuration.GetSection("Logging")).AddConsole());
            var logger = loggers.CreateLogger("Allocation.Settings");
            var named = string.Join(" ", failures);
            LogInvalid(logger, named);
            return false;
        }
    }

    private static List<string> Failures(Exception exception) => exception switch
    {
        OptionsValidationException invalid => [.. invalid.Failures],
        InvalidOperationException unreadable when unreadable.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
            [unreadable.Message],
        AggregateException many => [.. many.InnerExceptions.SelectMany(Failures)],
        _ => [],
    };

    [LoggerMessage(Level = LogLevel.Critical, Message = "Allocation cannot start: its settings are wrong. {Failures}")]
    private static partial void LogInvalid(ILogger logger, string failures);
}
