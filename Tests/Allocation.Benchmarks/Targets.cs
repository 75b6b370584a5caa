using Allocation.Domain.Errors;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Allocation.Application;
using Allocation.Domain;
using Allocation.TestSupport;

namespace Allocation.Benchmarks;

/// <summary>Allocates through <see cref="AllocationService"/> in process.</summary>
internal sealed class ServiceTarget(AllocationService service, CountingUnitOfWorkFactory unitsOfWork) : IAllocationTarget
{
    public string Name => "service";

    private long _countedFrom = unitsOfWork.Created;

    /// <summary>Units of work started since the last time this was asked: one per allocation, fewer when they share, more with retries.</summary>
    public long TakeUnitsOfWork()
    {
        var created = unitsOfWork.Created;
        var started = created - _countedFrom;
        _countedFrom = created;
        return started;
    }

    /// <summary>Starts counting afresh (the warm-up's units of work are not the measured run's).</summary>
    public void StartMeasuring() => _countedFrom = unitsOfWork.Created;

    public async Task<string?> AllocateAsync(string orderId, string sku, CancellationToken cancellationToken)
    {
        try
        {
            await service.AllocateAsync(orderId, sku, 1, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (AllocationException e)
        {
            return e.Code;
        }
    }
}

/// <summary>Allocates with POST /allocations against a running host, with its own pooled client.</summary>
internal sealed class HttpTarget : IAllocationTarget, IDisposable
{
    private static readonly Uri Allocations = new("/allocations", UriKind.Relative);
    private static readonly System.Net.Http.Headers.MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _client;

    /// <summary>Drives the host at <paramref name="baseAddress"/>; <paramref name="name"/> labels its rows.</summary>
    public HttpTarget(Uri baseAddress, int connections, string name = "http")
    {
        Name = name;
        _client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public string Name { get; }

    public Uri BaseAddress => _client.BaseAddress!;

    public async Task<string?> AllocateAsync(string orderId, string sku, CancellationToken cancellationToken)
    {
        // The body is written by hand (ids here are plain ASCII), so the load client spends its
        // CPU on HTTP rather than on a serializer: on 2 cores, every cycle it saves is the server's.
        using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes($"{{\"orderid\":\"{orderId}\",\"sku\":\"{sku}\",\"qty\":1}}"));
        content.Headers.ContentType = Json;
        using var response = await _client.PostAsync(Allocations, content, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return null;
        }

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        return problem.TryGetProperty("code", out var code) ? code.GetString() : $"http-{(int)response.StatusCode}";
    }

    public void Dispose() => _client.Dispose();
}
