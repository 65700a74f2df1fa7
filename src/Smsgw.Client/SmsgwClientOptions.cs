namespace Smsgw.Client;

/// <summary>Where the gateway is and which account's credentials to send.</summary>
public sealed record SmsgwClientOptions
{
    /// <summary>The gateway's root, e.g. <c>http://127.0.0.1:5000</c> (the <c>/v1</c> routes are appended).</summary>
    public required Uri BaseAddress { get; init; }

    /// <summary>Sent as <c>X-Client-Id</c>.</summary>
    public required string ClientId { get; init; }

    /// <summary>Sent as <c>X-Client-Secret</c>.</summary>
    public required string ClientSecret { get; init; }
}
