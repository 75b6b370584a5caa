using Allocation.Domain.Errors;
using System.Diagnostics.Metrics;
using Allocation.Application.Errors;
using Allocation.Domain;

namespace Allocation.Application.Tests;

public sealed class TelemetryTests : ServiceTestBase
{
    private readonly Dictionary<string, long> _measured = [];
    private readonly Dictionary<string, long> _outcomes = [];
    private MeterListener _listener = null!;

    [SetUp]
    public void Listen()
    {
        _measured.Clear();
        _outcomes.Clear();
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == AllocationTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            _measured[instrument.Name] = _measured.GetValueOrDefault(instrument.Name) + value;
            if (instrument.Name == "allocation.requests")
            {
                var outcome = (string)tags.ToArray().Single(tag => tag.Key == "outcome").Value!;
                _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + value;
            }
        });
        _listener.SetMeasurementEventCallback<double>((instrument, _, _, _) => _measured[instrument.Name] = _measured.GetValueOrDefault(instrument.Name) + 1);
        _listener.Start();
    }

    [TearDown]
    public void StopListening() => _listener.Dispose();

    [Test]
    public async Task Allocations_out_of_stock_conflicts_retries_and_durations_are_measured()
    {
        await Service.AddBatchAsync("b1", "LAMP", 1, null);
        Uow.Repository.LoadFailures.Enqueue(() => new ConcurrencyConflictException("LAMP", 1));

        await Service.AllocateAsync("o1", "LAMP", 1);
        await Service.AllocateAsync("o1", "LAMP", 1); // a repeat is not a new allocation
        var outOfStock = () => Service.AllocateAsync("o2", "LAMP", 1);
        await outOfStock.Should().ThrowAsync<OutOfStockException>();

        _measured.GetValueOrDefault("allocation.allocations").Should().Be(1);
        _measured.GetValueOrDefault("allocation.out_of_stock").Should().Be(1);
        _measured.GetValueOrDefault("allocation.conflicts").Should().Be(1);
        _measured.GetValueOrDefault("allocation.retries").Should().Be(1);
        _measured.GetValueOrDefault("allocation.duration").Should().Be(4, "one per use case run: add, allocate, repeat, out of stock");
    }

    [Test]
    public async Task Every_allocation_is_counted_once_under_its_outcome()
    {
        await Service.AddBatchAsync("b1", "LAMP", 1, null);

        await Service.AllocateAsync("o1", "LAMP", 1);
        await Service.AllocateAsync("o1", "LAMP", 1);
        foreach (var refused in new Func<Task>[]
        {
            () => Service.AllocateAsync("o2", "LAMP", 1),
            () => Service.AllocateAsync("o3", "NOPE", 1),
            () => Service.AllocateAsync("o4", "no such sku!", 1),
        })
        {
            await refused.Should().ThrowAsync<AllocationException>();
        }

        Uow.Repository.LoadFailures.Enqueue(() => new StoreUnavailableException("the store is down", isTransient: false));
        var down = () => Service.AllocateAsync("o5", "LAMP", 1);
        await down.Should().ThrowAsync<StoreUnavailableException>();

        _outcomes.Should().BeEquivalentTo(new Dictionary<string, long>
        {
            ["allocated"] = 1,
            ["repeat"] = 1,
            ["out-of-stock"] = 1,
            ["invalid-sku"] = 2,
            ["store-unavailable"] = 1,
        });
    }
}
