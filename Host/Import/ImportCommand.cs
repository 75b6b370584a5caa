using Allocation.Application.Commands;
using Spectre.Console;

namespace Allocation.Host.Import;

/// <summary>
/// <c>dotnet run --project Host -- import batches.csv [--charset NAME]</c>: imports batches and
/// exits, 0 when every row was imported (or already present), 1 when some were refused (the first
/// 1000 listed with their lines on standard error, their values cut short and escaped), 2 on a
/// usage error or a file that cannot be read. A progress bar on a terminal, plain progress lines
/// otherwise (a pipe, a log, CI).
/// </summary>
internal static class ImportCommand
{
    public const string Name = "import";

    public const string Usage = "usage: import <file.csv> [--charset NAME] [settings...]   (the file's header: ref,sku,qty,eta; charset UTF-8 unless named)";

    /// <summary>Reads the command's own arguments; the rest are settings for the host.</summary>
    public static (string? File, string? Charset, string[] Settings, string? Problem) Parse(string[] arguments)
    {
        if (arguments is not [var file, ..] || file.StartsWith('-'))
        {
            return (null, null, [], "import: which file? " + Usage);
        }

        if (arguments is [_, "--charset", var charset, .. var rest])
        {
            return (file, charset, rest, null);
        }

        return arguments is [_, "--charset"] ? (null, null, [], "import: --charset needs a name. " + Usage) : (file, null, arguments[1..], null);
    }

    public static async Task<int> RunAsync(IServiceProvider services, string path, string? charset, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            await Console.Error.WriteLineAsync($"import: there is no file {path}");
            return 2;
        }

        var encoding = CsvCharset.Of(charset is null ? "text/csv" : $"text/csv; charset={charset}");
        if (encoding.Problem is { } unknown)
        {
            await Console.Error.WriteLineAsync($"import: {unknown}");
            return 2;
        }

        var importer = new BatchImporter(services.GetRequiredService<CommandInvoker>());
        await using var file = File.OpenRead(path);
        using var text = new StreamReader(file, encoding.Encoding!);
        var length = Math.Max(1, file.Length);
        ImportReport report;
        if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
        {
            report = await AnsiConsole.Progress().StartAsync(async context =>
            {
                var bar = context.AddTask($"Importing {Path.GetFileName(path)}", maxValue: length);
                var done = await importer.ImportAsync(text, _ => bar.Value = file.CanSeek ? file.Position : 0, cancellationToken);
                bar.Value = bar.MaxValue;
                return done;
            });
        }
        else
        {
            report = await importer.ImportAsync(text, progress => Console.WriteLine(Describe(progress)), cancellationToken);
        }

        foreach (var refused in report.Refused)
        {
            await Console.Error.WriteLineAsync($"line {refused.Line}: {refused.Reason}");
        }

        if (report.RefusedCount > report.Refused.Count)
        {
            await Console.Error.WriteLineAsync($"… and {report.RefusedCount - report.Refused.Count:N0} more refused rows");
        }

        Console.WriteLine($"import: done. {Describe(report)}");
        return report.RefusedCount == 0 ? 0 : 1;
    }

    private static string Describe(ImportReport report) =>
        $"{report.Rows:N0} rows read: {report.Added:N0} added, {report.AlreadyPresent:N0} already present, {report.RefusedCount:N0} refused";
}
