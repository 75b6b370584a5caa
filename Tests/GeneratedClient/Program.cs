// Calls the service through the client Kiota generated from /openapi/v1.json, and only through it.
// Prints one line per check; exits 1 at the first that fails.
using Allocation.Client;
using Allocation.Client.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

var baseUrl = args.Length > 0 ? args[0] : "http://localhost:5005";
using var http = new HttpClient();
var client = new AllocationClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = baseUrl });
var run = Guid.NewGuid().ToString("N")[..8];
var sku = $"GEN-{run}";
var order = $"order-{run}";

var service = await client.GetAsync();
Check(service?.Name == "Allocation" && service.Links?.AdditionalData.ContainsKey("openapi") == true, "GET / is a typed ServiceResponse");

await client.Batches.PostAsync(new BatchRequest { Ref = $"{run}-later", Sku = sku, Qty = 10, Eta = new Date(2027, 1, 15) });
var warehouse = await client.Batches.PostAsync(new BatchRequest { Ref = $"{run}-now", Sku = sku, Qty = 10 });
Check(warehouse?.Available == 10, "POST /batches answers the typed batch");

var allocation = await client.Allocations.PostAsync(new AllocationRequest { Orderid = order, Sku = sku, Qty = 3 });
Check(allocation?.Batchref == $"{run}-now", "POST /allocations prefers warehouse stock");
var lines = await client.Allocations[order].GetAsync();
Check(lines is [{ Batchref: var batchref }] && batchref == $"{run}-now", "GET /allocations/{orderid} lists the line");

var unknownBatch = await ProblemOf(() => client.Batches[$"{run}-missing"].GetAsync());
Check(unknownBatch is { Status: 404, Code: "batch-not-found", TraceId.Length: > 0 }, "an unknown batch is a typed 404 problem with code and traceId");
var unknownOrder = await ProblemOf(() => client.Allocations[$"{run}-nobody"].GetAsync());
Check(unknownOrder is { Status: 404, Code: "no-allocations" }, "an order with no allocations is a typed 404 problem");
var invalid = await ProblemOf(() => client.Allocations.PostAsync(new AllocationRequest { Orderid = order, Sku = sku, Qty = 0 }));
Check(invalid is { Status: 400, Code: "validation-failed" } && invalid.Errors?.AdditionalData.ContainsKey("qty") == true,
    "a bad field is a typed 400 problem whose errors name it");
var outOfStock = await ProblemOf(() => client.Allocations.PostAsync(new AllocationRequest { Orderid = $"{order}-big", Sku = sku, Qty = 1000 }));
Check(outOfStock is { Status: 409, Code: "out-of-stock" }, "no stock is a typed 409 problem");

var page = await client.Products.GetAsync(c => c.QueryParameters.Limit = 1);
Check(page?.Items?.Count == 1, "GET /products takes an integer limit");
var tooMany = await ProblemOf(() => client.Products.GetAsync(c => c.QueryParameters.Limit = 5000));
Check(tooMany?.Errors?.AdditionalData.ContainsKey("limit") == true, "a limit out of range is refused with its name");

var mine = new List<EventResponse>();
long after = 0;
while (true)
{
    var events = await client.Events.GetAsync(c => { c.QueryParameters.After = after; c.QueryParameters.Limit = 1000; });
    mine.AddRange(events!.Events!.Where(e => e.Sku == sku));
    if (events.Events!.Count == 0)
    {
        break;
    }

    after = events.Next!.Value;
}

Check(mine.OfType<BatchAddedEvent>().Select(e => e.Data!.Ref).SequenceEqual([$"{run}-later", $"{run}-now"]), "BatchAdded events carry typed payloads");
Check(mine.OfType<BatchAddedEvent>().First().Data!.Eta.Equals(new Date(2027, 1, 15)), "an ETA is read as a date");
Check(mine.OfType<AllocatedEvent>().SingleOrDefault()?.Data is { Orderid: var id, Qty: 3 } && id == order, "the Allocated event carries a typed payload");
Check(mine.OfType<OutOfStockEvent>().Count() == 1, "OutOfStock is its own type");
Console.WriteLine("generated client: every check passed");
return 0;

static void Check(bool condition, string what)
{
    Console.WriteLine($"{(condition ? "ok  " : "FAIL")} {what}");
    if (!condition)
    {
        Environment.Exit(1);
    }
}

static async Task<ProblemDetails?> ProblemOf(Func<Task> call)
{
    try
    {
        await call();
        return null;
    }
    catch (ProblemDetails problem)
    {
        return problem;
    }
}
