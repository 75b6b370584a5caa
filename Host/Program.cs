// The HTTP host arrives with issue 4. Until then this placeholder says so and points at the tests.
Console.WriteLine("Allocation: the HTTP host is not built yet (see docs/architecture.md).");
Console.WriteLine("The library is usable today: run the tests with `dotnet test Allocation.sln`.");
