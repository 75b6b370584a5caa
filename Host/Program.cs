using Allocation.Host.Configuration;
using Allocation.Host.Endpoints;
using Allocation.Host.Import;

// `dotnet run --project Host` serves the API; `-- migrate` migrates and exits; `-- import batches.csv` imports batches and exits.
var migrateOnly = args is ["migrate", ..];
var importFile = args is [ImportCommand.Name, var file, ..] ? file : null;
var builder = WebApplication.CreateBuilder(migrateOnly ? args[1..] : importFile is not null ? args[2..] : args);
builder.Services.AddAllocationHost(builder.Configuration).AddAllocationTelemetry(builder.Configuration);

var app = builder.Build();
await app.MigrateAsync(onStartupOnly: !migrateOnly);
if (migrateOnly)
{
    return;
}

if (importFile is not null)
{
    Environment.ExitCode = await ImportCommand.RunAsync(app.Services, importFile, CancellationToken.None);
    return;
}

app.UseAllocationPipeline();
app.MapOpenApi();
app.MapApiReference(app.Configuration);
app.MapTelemetry(app.Configuration);
app.MapServiceEndpoints();
app.MapAllocationApi();

await app.RunAsync();

/// <summary>The host's entry point, visible to <c>WebApplicationFactory</c> in tests.</summary>
public partial class Program;
