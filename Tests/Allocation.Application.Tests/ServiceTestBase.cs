using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Allocation.Application.Tests;

public abstract class ServiceTestBase
{
    protected static readonly DateOnly Today = new(2026, 11, 22);

    private protected FakeUnitOfWorkFactory Uow { get; private set; } = null!;

    protected AllocationService Service { get; private set; } = null!;

    [SetUp]
    public void CreateService()
    {
        Uow = new FakeUnitOfWorkFactory();
        Service = WithRetries(maxRetryAttempts: 3);
    }

    protected AllocationService WithRetries(int maxRetryAttempts)
    {
        var options = new AllocationOptions { Retry = { MaxRetryAttempts = maxRetryAttempts, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero } };
        return new AllocationService(Uow, Uow, Options.Create(options), NullLogger<AllocationService>.Instance);
    }
}
