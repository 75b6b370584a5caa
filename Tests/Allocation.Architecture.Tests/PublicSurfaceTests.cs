using Allocation.Domain.Errors;
using Allocation.Adapters.InMemory;
using Allocation.Application;
using Allocation.Application.Errors;
using Allocation.AspNetCore;
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
        .. typeof(Allocation.Adapters.Redis.RedisOptions).Assembly.GetExportedTypes(),
        .. typeof(HttpProblemCodes).Assembly.GetExportedTypes(),
    ];

    private static readonly Type[] Failures = [.. PublicTypes.Where(t => typeof(Exception).IsAssignableFrom(t) && !t.IsAbstract)];

    [Test]
    public void Every_failure_declares_a_stable_kebab_case_code_and_only_rules_are_AllocationExceptions()
    {
        Failures.Should().NotBeEmpty();
        foreach (var type in Failures)
        {
            var code = (string?)type.GetField("ErrorCode")?.GetRawConstantValue();
            code.Should().MatchRegex("^[a-z]+(-[a-z]+)*$", $"{type.Name} must declare a const ErrorCode");
            if (type == typeof(StoreUnavailableException))
            {
                type.Should().NotBeDerivedFrom<AllocationException>("an unavailable store is infrastructure, not a rule of the model");
            }
            else
            {
                type.Should().BeDerivedFrom<AllocationException>();
            }
        }
    }

    [Test]
    public void Every_error_code_has_an_http_mapping()
    {
        var codes = Failures.Select(t => (string)t.GetField("ErrorCode")!.GetRawConstantValue()!);

        AllocationExceptionHandler.Statuses.Keys.Should().BeEquivalentTo(codes,
            "a code without a mapping would be answered 500, and a mapping without a code is dead");
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
