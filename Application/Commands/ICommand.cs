namespace Allocation.Application.Commands;

/// <summary>
/// A request to change something (the book's chapter 10): it has exactly one handler, and its
/// failure is the sender's to handle. Events, by contrast, say what happened and may have many
/// subscribers. Run commands through <see cref="CommandInvoker"/>.
/// </summary>
/// <typeparam name="TResult">What handling it returns.</typeparam>
#pragma warning disable CA1040 // a marker that carries the result type
public interface ICommand<TResult>;
#pragma warning restore CA1040

/// <summary>
/// Handles one type of command. Registered through DI as a singleton; a registration made before
/// Allocation's wins, for <see cref="CommandInvoker"/> and <see cref="AllocationService"/> alike.
/// </summary>
/// <typeparam name="TCommand">The command.</typeparam>
/// <typeparam name="TResult">What handling it returns.</typeparam>
public interface ICommandHandler<in TCommand, TResult>
    where TCommand : ICommand<TResult>
{
    /// <summary>Handles the command.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The result.</returns>
    Task<TResult> HandleAsync(TCommand command, CancellationToken cancellationToken);
}
