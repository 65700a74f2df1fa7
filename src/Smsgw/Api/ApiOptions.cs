namespace Smsgw.Api;

/// <summary>HTTP limits and public address. Bound from <c>Smsgw:Api</c>.</summary>
public sealed class ApiOptions
{
    public const string Section = "Smsgw:Api";

    /// <summary>Base of absolute URLs the API hands out (MMS file links), e.g. <c>https://sms.example.com</c>.
    /// Unset: the scheme and host of the request being answered.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Largest request body on /v1 (a send to 1,000 recipients is far below; MMS uploads to the simulator count too).</summary>
    public long MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Requests per second per account (token bucket); 0 turns the limit off.</summary>
    public int RateLimitPerSecond { get; set; } = 5000;

    /// <summary>Requests an account may make in one burst above the steady rate.</summary>
    public int RateLimitBurst { get; set; } = 10000;
}
