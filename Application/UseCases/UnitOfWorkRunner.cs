using Allocation.Domain.Errors;
using System.Diagnostics;
using Allocation.Application.Errors;
using Allocation.Application.Ports;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Allocation.Application.UseCases;

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
                    var code = AllocationTelemetry.CodeOf(args.Outcome.Exception);
                    AllocationTelemetry.Retries.Add(1, new KeyValuePair<string, object?>("reason", code));
                    LogRetry(_logger, args.AttemptNumber + 1, args.RetryDelay, code, args.Outcome.Exception);
                    return ValueTask.CompletedTask;
                },
            }).Build();
    }

    /// <summary>Runs a use case, traced and measured as <paramref name="useCase"/>.</summary>
    public async Task<T> RunAsync<T>(string useCase, Func<IUnitOfWork, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        using var activity = AllocationTelemetry.Source.StartActivity(useCase);
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (state, token) =>
                {
                    var unitOfWork = state._unitsOfWork.Create();
                    await using (unitOfWork.ConfigureAwait(false))
                    {
                        try
                        {
                            return await state.work(unitOfWork, token).ConfigureAwait(false);
                        }
                        catch (ConcurrencyConflictException)
                        {
                            AllocationTelemetry.Conflicts.Add(1);
                            throw;
                        }
                    }
                },
                (_unitsOfWork, work),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            outcome = AllocationTelemetry.CodeOf(e);
            activity?.SetStatus(ActivityStatusCode.Error, outcome);
            throw;
        }
        finally
        {
            activity?.SetTag("allocation.outcome", outcome);
            AllocationTelemetry.Duration.Record(
                Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                new KeyValuePair<string, object?>("use_case", useCase),
                new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrying a use case (retry {Retry}, after {Delay}) because of {ErrorCode}")]
    private static partial void LogRetry(ILogger logger, int retry, TimeSpan delay, string errorCode, Exception? exception);
}
