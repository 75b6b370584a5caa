using Allocation.Adapters.Sql;
using Allocation.Application;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddAllocation(builder.Configuration, allocation =>
{
    if (builder.Configuration["Store"] == "memory")
    {
        allocation.UseInMemory();
    }
    else
    {
        allocation.UseSqlite(builder.Configuration.GetConnectionString("Allocation") ?? "Data Source=consumer.db");
    }
});
builder.Services.AddAllocationProblemDetails();

var app = builder.Build();
app.UseExceptionHandler();
if (app.Services.GetService<AllocationDatabase>() is { } database)
{
    await database.MigrateAsync();
}

app.MapPost("/stock", async (AllocationService allocation, Stock stock, CancellationToken ct) =>
{
    await allocation.AddBatchAsync(stock.Reference, stock.Sku, stock.Quantity, stock.Eta, ct);
    return Results.Created($"/stock/{stock.Reference}", null);
});

app.MapPost("/orders/{orderId}/lines", async (AllocationService allocation, string orderId, Line line, CancellationToken ct) =>
{
    var result = await allocation.AllocateAsync(orderId, line.Sku, line.Quantity, ct);
    return Results.Ok(new Allocated(result.BatchReference));
});

await app.RunAsync();

public sealed record Stock(string Reference, string Sku, int Quantity, DateOnly? Eta);

public sealed record Line(string Sku, int Quantity);

public sealed record Allocated(string BatchReference);

public partial class Program;
