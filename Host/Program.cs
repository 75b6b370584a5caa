using Allocation.Host.Configuration;
using Allocation.Host.Endpoints;

// `dotnet run --project Host` serves the API; `dotnet run --project Host -- migrate` migrates and exits.
var migrateOnly = args.Length > 0 && args[0] == "migrate";
var builder = WebApplication.CreateBuilder(migrateOnly ? args[1..] : args);
builder.Services.AddAllocationHost(builder.Configuration);

var app = builder.Build();
await app.MigrateAsync(onStartupOnly: !migrateOnly);
if (migrateOnly)
{
    return;
}

app.UseAllocationPipeline();
app.MapOpenApi();
app.MapApiReference(app.Configuration);
app.MapServiceEndpoints();
app.MapAllocationApi();

await app.RunAsync();

/// <summary>The host's entry point, visible to <c>WebApplicationFactory</c> in tests.</summary>
public partial class Program;
