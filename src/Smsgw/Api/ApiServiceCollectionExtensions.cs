using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using Smsgw.Accounts;
using Smsgw.Carriers;
using Smsgw.Storage.Sql;

namespace Smsgw.Api;

internal static class ApiServiceCollectionExtensions
{
    private const string CorsPolicy = "smstools";

    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>()
            .Bind(configuration.GetSection(ApiOptions.Section))
            .Validate(o => o.MaxBodyBytes > 0 && o.RateLimitPerSecond >= 0 && o.RateLimitBurst >= 0, "Smsgw:Api limits must not be negative")
            .Validate(o => o.PublicUrl is null || Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out _), "Smsgw:Api:PublicUrl must be an absolute URL")
            .ValidateOnStart();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ApiOptions>>((kestrel, api) => kestrel.Limits.MaxRequestBodySize = api.Value.MaxBodyBytes);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, SmsgwJsonContext.Default));
        services.AddSingleton<FileLinks>();
        Inbound.HttpCarrierOptions.Register(services, configuration);
        // Reference §1: the hosted API answers any origin with these headers and methods.
        services.AddCors(o => o.AddPolicy(CorsPolicy, p => p.AllowAnyOrigin()
            .WithHeaders("X-Client-Id", "X-Client-Secret", "X-Authorization", "Content-Type", MessagesApi.IdempotencyKeyHeader)
            .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")));
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var api = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
                return context.Features.Get<Account>() is { } account && api.RateLimitPerSecond > 0
                    ? RateLimitPartition.GetTokenBucketLimiter(account.ClientId, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = Math.Max(api.RateLimitBurst, 1),
                        TokensPerPeriod = api.RateLimitPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter("unauthenticated");
            });
            o.OnRejected = async (rejected, _) =>
            {
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    rejected.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }
                await ApiError.Of(ApiErrorCode.RateLimited).ExecuteAsync(rejected.HttpContext);
            };
        });
        services.AddOpenApi();
        return services;
    }

    /// <summary>The /v1 pipeline (CORS, credentials, rate limit) and every resource group's routes.</summary>
    public static WebApplication MapApi(this WebApplication app)
    {
        app.UseExceptionHandler(error => error.Run(context =>
        {
            // The database unreachable (PostgreSQL down, a network cut) is temporary and not the client's doing: 503 with
            // Retry-After, so clients and load balancers back off; the store reconnects on its own.
            var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            if (exception is not null && context.RequestServices.GetRequiredService<SqlEngine>().IsConnectionFault(exception))
            {
                context.Response.Headers.RetryAfter = "5";
                return ApiError.Of(ApiErrorCode.StoreUnavailable).ExecuteAsync(context);
            }
            return ApiError.Of(ApiErrorCode.InternalError).ExecuteAsync(context);
        }));
        app.UseCors(CorsPolicy);
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/v1"), v1 =>
        {
            v1.UseMiddleware<ClientCredentialsMiddleware>();
            v1.UseRateLimiter();
        });

        var v1 = app.MapGroup("/v1").WithTags("Smstools API v1");
        v1.MapMessagesApi();
        v1.MapInboxApi();
        v1.MapConversationsApi();
        v1.MapWebhooksApi();
        if (CarriersServiceCollectionExtensions.IsSimulatorEnabled(app.Configuration))
        {
            v1.MapSimulatorApi();
        }
        v1.MapFallback("{**path}", () => ApiError.Of(ApiErrorCode.RouteNotFound)).ExcludeFromDescription();
        app.MapFilesApi();
        app.MapCarrierInboundApi();
        app.MapOpenApi();
        app.MapScalarApiReference();
        return app;
    }
}
