using Allocation.Application;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Allocation.Host.Configuration;

/// <summary>
/// OpenTelemetry: traces (ASP.NET Core, Npgsql, the <c>Allocation</c> source), metrics (ASP.NET
/// Core, the .NET runtime, Npgsql, the <c>Allocation</c> meter) and logs. Everything is sent over
/// OTLP when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and nothing (no tracing at all)
/// when it is not. Metrics are also scraped at <c>GET /metrics</c> (Prometheus), on unless
/// <c>Allocation:Telemetry:Prometheus</c> is false.
/// </summary>
internal static class Telemetry
{
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddAllocationTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var prometheus = PrometheusEnabled(configuration);
        if (!otlp && !prometheus)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "allocation"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(AllocationTelemetry.Name).AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddNpgsqlInstrumentation();
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource(AllocationTelemetry.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath)
                                                                             && !context.Request.Path.StartsWithSegments("/health"))
                    .AddNpgsql()
                    .AddOtlpExporter())
                .WithLogging(logging => logging.AddOtlpExporter());
        }

        return services;
    }

    public static bool PrometheusEnabled(IConfiguration configuration) => configuration.GetValue("Allocation:Telemetry:Prometheus", defaultValue: true);

    public static IEndpointRouteBuilder MapTelemetry(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (PrometheusEnabled(configuration))
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(Security.Policies.Read); // closed with the other reads under ProtectReads
        }

        return app;
    }
}
