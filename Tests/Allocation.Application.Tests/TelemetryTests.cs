using Allocation.Domain.Errors;
using System.Diagnostics.Metrics;
using Allocation.Application.Errors;
using Allocation.Domain;

namespace Allocation.Application.Tests;

public sealed class TelemetryTests : ServiceTestBase
{
    private readonly Dictionary<string, long> _measured = [];
    private MeterListener _listener = null!;

    [SetUp]
    public void Listen()
    {
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
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _measured[instrument.Name] = _measured.GetValueOrDefault(instrument.Name) + value);
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
}
