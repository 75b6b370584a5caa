using Allocation.Domain.Errors;
using Allocation.Application.Commands;
using Allocation.Application.Ports;
using Allocation.Domain;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Allocation.Application.Tests;

/// <summary>Commands (the book's chapter 10): one handler each, registered through DI, run through one door, failures thrown to the caller.</summary>
public sealed class CommandInvokerTests
{
    [Test]
    public async Task Each_command_reaches_its_use_case()
    {
        var fake = new FakeUnitOfWorkFactory();
        await using var provider = Provider(fake);
        var commands = provider.GetRequiredService<CommandInvoker>();

        (await commands.InvokeAsync(new AddBatch("b1", "LAMP", 10, null))).Should().Be("b1");
        (await commands.InvokeAsync(new AddBatch("b2", "LAMP", 10, new DateOnly(2026, 12, 1)))).Should().Be("b2");
        (await commands.InvokeAsync(new Allocate("o1", "LAMP", 8))).BatchReference.Should().Be("b1");
        var change = await commands.InvokeAsync(new ChangeBatchQuantity("b1", 5));
        (await commands.InvokeAsync(new Deallocate("o1", "LAMP"))).Should().Be("b2");

        change!.Reallocated.Should().Equal(new Reallocation(new OrderLine("o1", "LAMP", 8), "b1", "b2"));
        fake.Commits.Should().Be(5);
    }

    [Test]
    public async Task A_command_carrying_a_message_id_changes_the_store_once_however_often_it_arrives()
    {
        var fake = new FakeUnitOfWorkFactory();
        await using var provider = Provider(fake);
        var commands = provider.GetRequiredService<CommandInvoker>();
        await commands.InvokeAsync(new AddBatch("b1", "LAMP", 10, null));

        var first = await commands.InvokeAsync(new ChangeBatchQuantity("b1", 5, MessageId: "redis:1-0"));
        var again = await commands.InvokeAsync(new ChangeBatchQuantity("b1", 7, MessageId: "redis:1-0"));

        first.Should().NotBeNull();
        again.Should().BeNull();
        fake.Repository.Products.Single().Batches.Single().PurchasedQuantity.Should().Be(5);
    }

    [Test]
    public async Task A_handlers_failure_is_the_callers()
    {
        await using var provider = Provider(new FakeUnitOfWorkFactory());
        var commands = provider.GetRequiredService<CommandInvoker>();

        var act = () => commands.InvokeAsync(new ChangeBatchQuantity("nope", 5));

        await act.Should().ThrowAsync<BatchNotFoundException>();
    }

    [Test]
    public async Task A_handler_registered_before_replaces_the_built_in_one()
    {
        var services = new ServiceCollection().AddSingleton<ICommandHandler<Allocate, AllocationResult>, AlwaysWarehouse>();
        await using var provider = Provider(new FakeUnitOfWorkFactory(), services);

        var result = await provider.GetRequiredService<CommandInvoker>().InvokeAsync(new Allocate("o1", "ANY", 1));

        result.BatchReference.Should().Be("warehouse");
    }

    [Test]
    public async Task The_facade_and_the_invoker_run_the_same_registered_handler_resolved_once()
    {
        var handler = Substitute.For<ICommandHandler<Allocate, AllocationResult>>();
        handler.HandleAsync(Arg.Any<Allocate>(), Arg.Any<CancellationToken>())
            .Returns(call => new AllocationResult(call.Arg<Allocate>().OrderId, "LAMP", 1, "b1", WasAlreadyAllocated: false));
        var resolved = 0;
        var services = new ServiceCollection().AddSingleton(_ =>
        {
            resolved++;
            return handler;
        });
        await using var provider = Provider(new FakeUnitOfWorkFactory(), services);

        await provider.GetRequiredService<AllocationService>().AllocateAsync("o1", "LAMP", 1);
        await provider.GetRequiredService<CommandInvoker>().InvokeAsync(new Allocate("o2", "LAMP", 1));

        await handler.Received(1).HandleAsync(new Allocate("o1", "LAMP", 1), Arg.Any<CancellationToken>());
        await handler.Received(1).HandleAsync(new Allocate("o2", "LAMP", 1), Arg.Any<CancellationToken>());
        resolved.Should().Be(1);
    }

    [Test]
    public async Task A_command_without_a_handler_is_named_in_the_error()
    {
        await using var provider = new ServiceCollection().BuildServiceProvider();
        var commands = new CommandInvoker(provider);

        var act = () => commands.InvokeAsync(new Allocate("o1", "LAMP", 1));

        (await act.Should().ThrowAsync<InvalidOperationException>())
            .WithMessage("No handler is registered for command Allocate: register an ICommandHandler<Allocate, AllocationResult>.");
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
