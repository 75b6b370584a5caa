using Allocation.Host.Configuration;
using Allocation.Host.OperatorConsole;
using Allocation.Host.Endpoints;
using Allocation.Host.Import;

// `dotnet run --project Host` serves the API; `-- migrate` migrates and exits; `-- import batches.csv` imports batches and exits.
var migrateOnly = args is ["migrate", ..];
var import = args is [ImportCommand.Name, ..] ? ImportCommand.Parse(args[1..]) : default;
if (import.Problem is { } usage)
{
    await Console.Error.WriteLineAsync(usage);
    Environment.ExitCode = 2;
    return;
}

var builder = WebApplication.CreateBuilder(migrateOnly ? args[1..] : import.File is not null ? import.Settings : args);
builder.Services.AddAllocationHost(builder.Configuration).AddAllocationTelemetry(builder.Configuration);

var app = builder.Build();
if (!app.SettingsAreValid())
{
    Environment.ExitCode = 1;
    return;
}

await app.MigrateAsync(onStartupOnly: !migrateOnly);
if (migrateOnly)
{
    return;
}

if (import.File is not null)
{
    Environment.ExitCode = await ImportCommand.RunAsync(app.Services, import.File, import.Charset, CancellationToken.None);
    return;
}

app.UseAllocationPipeline();
app.MapOpenApi();
app.MapApiReference();
app.MapConsole();
app.MapTelemetry(app.Configuration);
app.MapServiceEndpoints();
app.MapAllocationApi();

await app.RunAsync();

/// <summary>The host's entry point, visible to <c>WebApplicationFactory</c> in tests.</summary>
public partial class Program;
