using Allocation.Application.Errors;
using Allocation.Application.Ports;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Allocation.Application;

/// <summary>
/// Runs one use case in a unit of work, and again on a fresh one when it fails with a concurrency
/// conflict or a transient store fault, up to the configured number of retries.
/// </summary>
internal sealed partial class UnitOfWorkRunner
{
    private readonly IUnitOfWorkFactory _unitsOfWork;
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger _logger;

    public UnitOfWorkRunner(IUnitOfWorkFactory unitsOfWork, RetryOptions retry, ILogger logger)
    {
        _unitsOfWork = unitsOfWork;
        _logger = logger;
        _pipeline = retry.MaxRetryAttempts == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<ConcurrencyConflictException>()
                    .Handle<StoreUnavailableException>(e => e.IsTransient),
                MaxRetryAttempts = retry.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                UseJitter = retry.UseJitter,
                OnRetry = args =>
                {
                    var code = (args.Outcome.Exception as Domain.AllocationException)?.Code ?? "unknown";
                    LogRetry(_logger, args.AttemptNumber + 1, args.RetryDelay, code, args.Outcome.Exception);
                    return ValueTask.CompletedTask;
                },
            }).Build();
    }

    public async Task<T> RunAsync<T>(Func<IUnitOfWork, CancellationToken, Task<T>> useCase, CancellationToken cancellationToken)
    {
        return await _pipeline.ExecuteAsync(
            static async (state, token) =>
            {
                var unitOfWork = state._unitsOfWork.Create();
                await using (unitOfWork.ConfigureAwait(false))
                {
                    return await state.useCase(unitOfWork, token).ConfigureAwait(false);
                }
            },
            (_unitsOfWork, useCase),
            cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrying a use case (retry {Retry}, after {Delay}) because of {ErrorCode}")]
    private static partial void LogRetry(ILogger logger, int retry, TimeSpan delay, string errorCode, Exception? exception);
}
