using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Smsgw.Webhooks;

internal static class WebhooksServiceCollectionExtensions
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection(WebhookOptions.Section))
            .Validate(o => o.Timeout > TimeSpan.Zero && o.EffectiveRetrySchedule.All(d => d > TimeSpan.Zero) && o.BatchSize > 0
                && o.MaxConcurrentDeliveries > 0 && o.CircuitBreakAfter > 0 && o.MaxResponseBytes >= 0 && o.PollInterval > TimeSpan.Zero && o.LeaseDuration > o.Timeout
                && o.EventRetention > TimeSpan.Zero && o.MaxPerAccount > 0,
                "Smsgw:Webhooks: Timeout, RetrySchedule, BatchSize, MaxConcurrentDeliveries, CircuitBreakAfter, PollInterval, EventRetention and MaxPerAccount must be positive, LeaseDuration longer than Timeout")
            .ValidateOnStart();
        services.AddSingleton<WebhookAddressGuard>();
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookMetrics>();
        services.AddSingleton<WebhookPayloads>();
        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                // A redirect could lead anywhere, a private address included: a 3xx is a failed attempt.
                AllowAutoRedirect = false,
                ConnectCallback = sp.GetRequiredService<WebhookAddressGuard>().ConnectAsync,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                UseCookies = false,
                // A proxy would be connected to instead of the endpoint, and the address check would judge the proxy.
                UseProxy = false,
            })
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHostedService<WebhookSender>();
        services.AddHostedService<WebhookEventPurger>();
        return services;
    }
}
