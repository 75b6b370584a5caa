using Allocation.Application;

namespace Allocation.Benchmarks;

/// <summary>The standard workload: keep these defaults so results compare across versions.</summary>
internal sealed record Workload(int Skus = 100, int BatchesPerSku = 10, int UnitsPerBatch = 1_000_000, int Workers = 16, TimeSpan? Duration = null)
{
    public TimeSpan RunFor => Duration ?? TimeSpan.FromSeconds(20);

    public static string Sku(int index) => $"SKU-{index:D3}";

    /// <summary>Seeds every SKU with one warehouse batch and the rest on distinct ETAs.</summary>
    public async Task SeedAsync(AllocationService service)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        for (var sku = 0; sku < Skus; sku++)
        {
            for (var batch = 0; batch < BatchesPerSku; batch++)
            {
                await service.AddBatchAsync($"{Sku(sku)}-B{batch}", Sku(sku), UnitsPerBatch, batch == 0 ? null : today.AddDays(batch));
            }
        }
    }
}
