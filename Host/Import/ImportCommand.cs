using Allocation.Application;
using Spectre.Console;

namespace Allocation.Host.Import;

/// <summary>
/// <c>dotnet run --project Host -- import batches.csv</c>: imports batches and exits, 0 when every
/// row was imported (or already present), 1 when some were refused (each listed with its line on
/// standard error), 2 when the file cannot be read. A progress bar on a terminal, plain progress
/// lines otherwise (a pipe, a log, CI).
/// </summary>
internal static class ImportCommand
{
    public const string Name = "import";

    public static async Task<int> RunAsync(IServiceProvider services, string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            await Console.Error.WriteLineAsync($"import: there is no file {path}");
            return 2;
        }

        var importer = new BatchImporter(services.GetRequiredService<AllocationService>());
        var file = File.OpenRead(path);
        await using (file)
        {
            using var text = new StreamReader(file);
            ImportReport report;
            if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
            {
                report = await AnsiConsole.Progress().StartAsync(async context =>
                {
                    var bar = context.AddTask($"Importing {Path.GetFileName(path)}", maxValue: Math.Max(1, file.Length));
                    var done = await importer.ImportAsync(text, _ => bar.Value = file.Position, cancellationToken);
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

            Console.WriteLine($"import: done. {Describe(report)}");
            return report.Refused.Count == 0 ? 0 : 1;
        }
    }

    private static string Describe(ImportReport report) =>
        $"{report.Rows:N0} rows read: {report.Added:N0} added, {report.AlreadyPresent:N0} already present, {report.Refused.Count:N0} refused";
}
