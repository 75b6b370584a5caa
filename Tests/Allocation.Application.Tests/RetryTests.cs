using Allocation.Domain.Errors;
using Allocation.Application.Errors;
using Allocation.Domain;

namespace Allocation.Application.Tests;

public sealed class RetryTests : ServiceTestBase
{
    [SetUp]
    public async Task AddStock() => await Service.AddBatchAsync("b1", "LAMP", 100, null);

    [Test]
    public async Task A_conflict_at_commit_reruns_the_use_case_on_a_fresh_unit_of_work()
    {
        var before = Uow.Created;
        Uow.CommitFailures.Enqueue(() => new ConcurrencyConflictException("LAMP", 1));

        var result = await Service.AllocateAsync("o1", "LAMP", 10);

        result.BatchReference.Should().Be("b1");
        (Uow.Created - before).Should().Be(2);
    }

    [Test]
    public async Task A_transient_store_fault_is_retried()
    {
        var before = Uow.Created;
        Uow.CommitFailures.Enqueue(() => new StoreUnavailableException("connection reset", isTransient: true));

        await Service.AllocateAsync("o1", "LAMP", 10);

        (Uow.Created - before).Should().Be(2);
    }

    [Test]
    public async Task Retries_are_bounded_and_the_last_conflict_reaches_the_caller()
    {
        var before = Uow.Created;
        for (var i = 0; i < 10; i++)
        {
            Uow.CommitFailures.Enqueue(() => new ConcurrencyConflictException("LAMP", 1));
        }

        var act = () => Service.AllocateAsync("o1", "LAMP", 10);

        (await act.Should().ThrowAsync<ConcurrencyConflictException>()).Which.Code.Should().Be("concurrency-conflict");
        (Uow.Created - before).Should().Be(1 + 3);
    }

    [Test]
    public async Task A_rule_violation_is_not_retried()
    {
        var before = Uow.Created;

        var act = () => Service.AllocateAsync("o1", "LAMP", 1000);

        await act.Should().ThrowAsync<OutOfStockException>();
        (Uow.Created - before).Should().Be(1);
    }

    [Test]
    public async Task A_lock_timeout_is_not_retried_because_the_caller_already_waited()
    {
        var before = Uow.Created;
        Uow.CommitFailures.Enqueue(() => new StoreUnavailableException("lock wait timed out", isTransient: false));

        var act = () => Service.AllocateAsync("o1", "LAMP", 10);

        await act.Should().ThrowAsync<StoreUnavailableException>();
        (Uow.Created - before).Should().Be(1);
    }

    [Test]
    public async Task An_unexpected_exception_is_not_retried()
    {
        var before = Uow.Created;
        Uow.CommitFailures.Enqueue(() => new InvalidOperationException("bug"));

        var act = () => Service.AllocateAsync("o1", "LAMP", 10);

        await act.Should().ThrowAsync<InvalidOperationException>();
        (Uow.Created - before).Should().Be(1);
    }

    [Test]
    public async Task Zero_retry_attempts_turns_retrying_off()
    {
        var service = WithRetries(maxRetryAttempts: 0);
        var before = Uow.Created;
        Uow.CommitFailures.Enqueue(() => new ConcurrencyConflictException("LAMP", 1));

        var act = () => service.AllocateAsync("o1", "LAMP", 10);

        await act.Should().ThrowAsync<ConcurrencyConflictException>();
        (Uow.Created - before).Should().Be(1);
    }

    [Test]
    public async Task Cancellation_is_not_retried()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var before = Uow.Created;

        var act = () => Service.AllocateAsync("o1", "LAMP", 10, cancelled.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        (Uow.Created - before).Should().BeLessThanOrEqualTo(1);
    }
}
