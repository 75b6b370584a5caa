using Allocation.Application.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Allocation.Application.Tests;

public sealed class RegistrationTests
{
    [Test]
    public void Registers_the_service_over_the_store_ports()
    {
        var fake = new FakeUnitOfWorkFactory();
        using var provider = new ServiceCollection()
            .AddSingleton<IUnitOfWorkFactory>(fake)
            .AddSingleton<IAllocationQueries>(fake)
            .AddAllocationApplication(o => o.Retry.MaxRetryAttempts = 2)
            .BuildServiceProvider();

        provider.GetRequiredService<AllocationService>().Should().BeSameAs(provider.GetRequiredService<AllocationService>());
        provider.GetRequiredService<IOptions<AllocationOptions>>().Value.Retry.MaxRetryAttempts.Should().Be(2);
    }

    [Test]
    public void A_service_registered_before_wins()
    {
        var fake = new FakeUnitOfWorkFactory();
        var mine = new AllocationService(fake, fake);
        using var provider = new ServiceCollection().AddSingleton(mine).AddAllocationApplication().BuildServiceProvider();

        provider.GetRequiredService<AllocationService>().Should().BeSameAs(mine);
    }

    [TestCase(-1, 20, 1000, "MaxRetryAttempts")]
    [TestCase(101, 20, 1000, "MaxRetryAttempts")]
    [TestCase(3, -1, 1000, "BaseDelay")]
    [TestCase(3, 500, 100, "MaxDelay")]
    public void Bad_retry_settings_fail_naming_the_setting(int attempts, int baseMs, int maxMs, string setting)
    {
        using var provider = new ServiceCollection()
            .AddAllocationApplication(o =>
            {
                o.Retry.MaxRetryAttempts = attempts;
                o.Retry.BaseDelay = TimeSpan.FromMilliseconds(baseMs);
                o.Retry.MaxDelay = TimeSpan.FromMilliseconds(maxMs);
            })
            .BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptions<AllocationOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage($"*Allocation:Retry:{setting}*");
    }

    [TestCase("BatchSize", "7", 7)]
    [TestCase("PageSize", "9", 9)]
    public void The_page_size_binds_from_its_name_and_from_its_01_name(string key, string value, int pageSize)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"Allocation:Events:{key}"] = value }).Build();
        var fake = new FakeUnitOfWorkFactory();
        using var provider = new ServiceCollection()
            .AddAllocation(configuration, a => a.Services.AddSingleton<IUnitOfWorkFactory>(fake).AddSingleton<IAllocationQueries>(fake))
            .BuildServiceProvider();

        provider.GetRequiredService<IOptions<Events.EventsOptions>>().Value.PageSize.Should().Be(pageSize);
    }
}
