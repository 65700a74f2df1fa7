using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Smsgw.Accounts;
using Smsgw.Api;
using Smsgw.Carriers;
using Smsgw.Hosting;
using Smsgw.Inbound;
using Smsgw.Messages;
using Smsgw.Outbound;
using Smsgw.Storage;
using Smsgw.Webhooks;

namespace Smsgw;

/// <summary>Builds the gateway host, the same way for <c>smsgw serve</c>, the tests and the benchmarks.</summary>
public static class GatewayApp
{
    /// <param name="args">Command-line configuration (<c>--urls</c>, <c>--Smsgw:Storage:DataDirectory=…</c>).</param>
    /// <param name="configure">Last say over configuration and services (tests swap the clock, set options).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        // Request lines carry secrets (DELETE /v1/webhook/{secret}, ?client_secret=…): keep them out of Information logs.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        configure?.Invoke(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.TryAddSingleton(TimeProvider.System);

        // Hosted services start in registration order: storage first, readiness last.
        services.AddTelemetry(configuration);
        services.AddServerStorage(configuration);
        services.AddAccounts(configuration);
        services.AddMessages(configuration);
        services.AddInbound(configuration);
        services.AddCarriers(configuration);
        services.AddOutbound(configuration);
        services.AddWebhooks(configuration);
        services.AddApi(configuration);
        services.AddSingleton<GatewayReadiness>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayReadiness>());
        services.AddHealthChecks().AddCheck<GatewayReadiness>("ready");

        var app = builder.Build();
        app.MapHealthChecks("/health");
        app.MapTelemetry();
        app.MapApi();
        return app;
    }
}
