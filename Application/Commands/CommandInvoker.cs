using System.Collections.Concurrent;

namespace Allocation.Application.Commands;

/// <summary>
/// The application's one door for changes: runs a command's handler in this process and returns
/// its result, or throws its failure to the caller. The HTTP endpoints, the Redis consumer, the
/// bulk import and <see cref="AllocationService"/> all come in through it. Thread-safe: one
/// instance serves every caller.
/// </summary>
/// <remarks>
/// A command type's handler is resolved on its first use and kept: register handlers as singletons.
/// </remarks>
public sealed class CommandInvoker
{
    private readonly Func<Type, object?> _resolve;
    private readonly ConcurrentDictionary<Type, object> _handlers = new();

    /// <summary>Creates the invoker over the <see cref="ICommandHandler{TCommand, TResult}"/>s registered in DI.</summary>
    /// <param name="services">Where handlers are resolved.</param>
    public CommandInvoker(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _resolve = services.GetService;
    }

    /// <summary>Creates the invoker over a fixed set of handlers.</summary>
    internal CommandInvoker(IReadOnlyList<object> handlers)
    {
        _resolve = handlerType => handlers.FirstOrDefault(handlerType.IsInstanceOfType);
    }

    /// <summary>Runs the command's handler.</summary>
    /// <typeparam name="TResult">What handling it returns.</typeparam>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The handler's result.</returns>
    /// <exception cref="InvalidOperationException">No handler is registered for the command.</exception>
    public Task<TResult> InvokeAsync<TResult>(ICommand<TResult> command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var handler = (Handler<TResult>)_handlers.GetOrAdd(command.GetType(), static (commandType, resolve) =>
        {
            var handlerType = typeof(ICommandHandler<,>).MakeGenericType(commandType, typeof(TResult));
            var inner = resolve(handlerType)
                ?? throw new InvalidOperationException($"No handler is registered for command {commandType.Name}: register an {nameof(ICommandHandler<ICommand<TResult>, TResult>)}<{commandType.Name}, {typeof(TResult).Name}>.");
            return Activator.CreateInstance(typeof(Handler<,>).MakeGenericType(commandType, typeof(TResult)), inner)!;
        }, _resolve);
        return handler.HandleAsync(command, cancellationToken);
    }

    /// <summary>A handler seen through its result type, so a command is dispatched without reflection after its first use.</summary>
    private abstract class Handler<TResult>
    {
        public abstract Task<TResult> HandleAsync(ICommand<TResult> command, CancellationToken cancellationToken);
    }

    private sealed class Handler<TCommand, TResult>(ICommandHandler<TCommand, TResult> inner) : Handler<TResult>
        where TCommand : ICommand<TResult>
    {
        public override Task<TResult> HandleAsync(ICommand<TResult> command, CancellationToken cancellationToken) =>
            inner.HandleAsync((TCommand)command, cancellationToken);
    }
}
