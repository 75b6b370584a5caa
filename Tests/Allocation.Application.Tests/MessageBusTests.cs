using Allocation.Domain.Errors;
using Allocation.Application.Commands;
using Allocation.Application.Ports;
using Allocation.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Allocation.Application.Tests;

/// <summary>Commands (the book's chapter 10): one handler each, registered through DI, failures thrown to the sender.</summary>
public sealed class MessageBusTests
{
    [Test]
    public async Task Each_command_reaches_its_use_case()
    {
        var fake = new FakeUnitOfWorkFactory();
        await using var provider = Provider(fake);
        var bus = provider.GetRequiredService<MessageBus>();

        (await bus.SendAsync(new AddBatch("b1", "LAMP", 10, null))).Should().Be("b1");
        (await bus.SendAsync(new AddBatch("b2", "LAMP", 10, new DateOnly(2026, 12, 1)))).Should().Be("b2");
        (await bus.SendAsync(new Allocate("o1", "LAMP", 8))).BatchReference.Should().Be("b1");
        var change = await bus.SendAsync(new ChangeBatchQuantity("b1", 5));
        (await bus.SendAsync(new Deallocate("o1", "LAMP"))).Should().Be("b2");

        change!.Reallocated.Should().Equal(new Reallocation(new OrderLine("o1", "LAMP", 8), "b1", "b2"));
        fake.Commits.Should().Be(5);
    }

    [Test]
    public async Task A_command_carrying_a_message_id_changes_the_store_once_however_often_it_arrives()
    {
        var fake = new FakeUnitOfWorkFactory();
        await using var provider = Provider(fake);
        var bus = provider.GetRequiredService<MessageBus>();
        await bus.SendAsync(new AddBatch("b1", "LAMP", 10, null));

        var first = await bus.SendAsync(new ChangeBatchQuantity("b1", 5, MessageId: "redis:1-0"));
        var again = await bus.SendAsync(new ChangeBatchQuantity("b1", 7, MessageId: "redis:1-0"));

        first.Should().NotBeNull();
        again.Should().BeNull();
        fake.Repository.Products.Single().Batches.Single().PurchasedQuantity.Should().Be(5);
    }

    [Test]
    public async Task A_handlers_failure_is_the_senders()
    {
        await using var provider = Provider(new FakeUnitOfWorkFactory());
        var bus = provider.GetRequiredService<MessageBus>();

        var act = () => bus.SendAsync(new ChangeBatchQuantity("nope", 5));

        await act.Should().ThrowAsync<BatchNotFoundException>();
    }

    [Test]
    public async Task A_handler_registered_before_replaces_the_built_in_one()
    {
        var services = new ServiceCollection().AddSingleton<ICommandHandler<Allocate, AllocationResult>, AlwaysWarehouse>();
        await using var provider = Provider(new FakeUnitOfWorkFactory(), services);

        var result = await provider.GetRequiredService<MessageBus>().SendAsync(new Allocate("o1", "ANY", 1));

        result.BatchReference.Should().Be("warehouse");
    }

    private static ServiceProvider Provider(FakeUnitOfWorkFactory fake, IServiceCollection? services = null) =>
        (services ?? new ServiceCollection())
            .AddSingleton<IUnitOfWorkFactory>(fake)
            .AddSingleton<IAllocationQueries>(fake)
            .AddAllocationApplication()
            .BuildServiceProvider();

    private sealed class AlwaysWarehouse : ICommandHandler<Allocate, AllocationResult>
    {
        public Task<AllocationResult> HandleAsync(Allocate command, CancellationToken cancellationToken) =>
            Task.FromResult(new AllocationResult(command.OrderId, command.Sku, command.Quantity, "warehouse", WasAlreadyAllocated: false));
    }
}
