namespace Allocation.Application.Ports;

/// <summary>Starts units of work. Creating one is cheap: it touches the store only when first used.</summary>
public interface IUnitOfWorkFactory
{
    /// <summary>Starts a new unit of work.</summary>
    /// <returns>A unit of work the caller must dispose.</returns>
    IUnitOfWork Create();
}
