using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PhoneNumbers;

namespace Smsgw.Messages;

internal static class MessagesServiceCollectionExtensions
{
    public static IServiceCollection AddMessages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPhoneNumbers(configuration);
        services.AddSingleton<SmstoolsDates>();
        services.AddSingleton<MessageAcceptor>();
        services.AddSingleton<MessagesMetrics>();
        services.AddHostedService<IdempotencyKeyPurger>();
        return services;
    }

    /// <summary>The messages options and number normalising alone: what operator commands need.</summary>
    public static IServiceCollection AddPhoneNumbers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MessagesOptions>()
            .Bind(configuration.GetSection(MessagesOptions.Section))
            .Validate(o => PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(o.DefaultRegion), "Smsgw:Messages:DefaultRegion must be an ISO 3166 region such as BE")
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Smsgw:Messages:TimeZone must be an IANA zone such as Europe/Brussels")
            .Validate(o => o.DefaultValidity > TimeSpan.Zero, "Smsgw:Messages:DefaultValidity must be positive")
            .Validate(o => o.MaxLength > 0 && o.MaxRecipients > 0, "Smsgw:Messages:MaxLength and MaxRecipients must be positive")
            .ValidateOnStart();
        services.AddSingleton<PhoneNumberNormalizer>();
        return services;
    }
}
