using Allocation.Adapters.InMemory;
using Allocation.Application;
using Allocation.Domain;

namespace Allocation.Architecture.Tests;

/// <summary>Conventions every public type keeps.</summary>
public sealed class PublicSurfaceTests
{
    private static readonly Type[] PublicTypes =
    [
        .. typeof(Product).Assembly.GetExportedTypes(),
        .. typeof(AllocationService).Assembly.GetExportedTypes(),
        .. typeof(InMemoryAllocationStore).Assembly.GetExportedTypes(),
        .. typeof(Allocation.Adapters.Sql.SqliteAllocationDatabase).Assembly.GetExportedTypes(),
        .. typeof(Allocation.Adapters.Sql.PostgresAllocationDatabase).Assembly.GetExportedTypes(),
    ];

    [Test]
    public void Every_failure_derives_from_AllocationException_and_declares_a_stable_kebab_case_code()
    {
        var exceptions = PublicTypes.Where(t => typeof(Exception).IsAssignableFrom(t)).ToList();

        exceptions.Should().NotBeEmpty();
        foreach (var type in exceptions.Where(t => !t.IsAbstract))
        {
            type.Should().BeDerivedFrom<AllocationException>();
            var code = (string?)type.GetField("ErrorCode")?.GetRawConstantValue();
            code.Should().MatchRegex("^[a-z]+(-[a-z]+)*$", $"{type.Name} must declare a const ErrorCode");
        }
    }

    [Test]
    public void Error_codes_are_unique()
    {
        var codes = PublicTypes
            .Select(t => t.GetField("ErrorCode")?.GetRawConstantValue() as string)
            .OfType<string>()
            .ToList();

        codes.Should().OnlyHaveUniqueItems();
    }

    [Test]
    public void Concrete_public_classes_are_sealed()
    {
        var unsealed = PublicTypes.Where(t => t.IsClass && !t.IsAbstract && !t.IsSealed).Select(t => t.FullName);

        unsealed.Should().BeEmpty();
    }
}
