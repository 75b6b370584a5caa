using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Allocation.Application.Commands;

/// <summary>
/// Sends a command to its one handler, resolved from DI in a scope of its own. Message-driven
/// entry points (an inbound channel, a file import) send commands through it; the HTTP host calls
/// <see cref="AllocationService"/> directly, once per request.
/// </summary>
/// <param name="scopes">Where handlers are resolved.</param>
public sealed class MessageBus(IServiceScopeFactory scopes)
{
    private static readonly ConcurrentDictionary<(Type Command, Type Result), object> Dispatchers = new();

    /// <summary>Handles the command and returns its result; the handler's failure is thrown to the sender.</summary>
    /// <typeparam name="TResult">What handling it returns.</typeparam>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The handler's result.</returns>
    /// <exception cref="InvalidOperationException">No handler is registered for the command.</exception>
    public async Task<TResult> SendAsync<TResult>(ICommand<TResult> command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var dispatcher = (Dispatcher<TResult>)Dispatchers.GetOrAdd((command.GetType(), typeof(TResult)), static key =>
            Activator.CreateInstance(typeof(Dispatcher<,>).MakeGenericType(key.Command, key.Result))!);
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            return await dispatcher.SendAsync(scope.ServiceProvider, command, cancellationToken).ConfigureAwait(false);
        }
    }

    private abstract class Dispatcher<TResult>
    {
        public abstract Task<TResult> SendAsync(IServiceProvider services, ICommand<TResult> command, CancellationToken cancellationToken);
    }

    private sealed class Dispatcher<TCommand, TResult> : Dispatcher<TResult>
        where TCommand : ICommand<TResult>
    {
        public override Task<TResult> SendAsync(IServiceProvider services, ICommand<TResult> command, CancellationToken cancellationToken)
        {
            var handler = services.GetService<ICommandHandler<TCommand, TResult>>()
                ?? throw new InvalidOperationException($"No handler is registered for command {typeof(TCommand).Name}.");
            return handler.HandleAsync((TCommand)command, cancellationToken);
        }
    }
}
