using Microsoft.Extensions.Options;
using Smsgw.Accounts;
using Smsgw.Carriers;
using Smsgw.Outbound;
using Smsgw.Smpp.Text;
using Smsgw.Storage;

namespace Smsgw.Messages;

/// <summary>
/// Accepting a send: every Smstools validation rule with its code, text classified and its parts counted as the
/// recipient's carrier sends it, then one durable insert for all recipients. The answer goes out only after that commit.
/// </summary>
internal sealed class MessageAcceptor(
    IMessageStore store,
    PhoneNumberNormalizer phoneNumbers,
    SmstoolsDates dates,
    OutboundDispatcher dispatcher,
    CarrierRegistry carriers,
    IOptions<MessagesOptions> options,
    MessagesMetrics metrics,
    TimeProvider timeProvider)
{
    public async Task<SendOutcome> AcceptAsync(Account account, SendRequest request, IdempotencyRequest? idempotency, CancellationToken cancellationToken)
    {
        var outcome = await DecideAsync(account, request, idempotency, cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case SendOutcome.Accepted { Test: false } accepted:
                metrics.Accepted(accepted.MessageIds.Count);
                break;
            case SendOutcome.Rejected rejected:
                metrics.Refused(rejected.Reason);
                break;
        }
        return outcome;
    }

    private async Task<SendOutcome> DecideAsync(Account account, SendRequest request, IdempotencyRequest? idempotency, CancellationToken cancellationToken)
    {
        if (Validate(request) is { } rejected)
        {
            return rejected;
        }
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        var normalized = new List<string?>(request.To!.Count);
        foreach (var to in request.To)
        {
            normalized.Add(phoneNumbers.TryNormalize(to, out var receiver) ? receiver : null);
        }
        var (infos, distinct) = Measure(account, normalized, request.Message!);
        foreach (var info in distinct)
        {
            if (info.Units > settings.MaxLength || info.Parts > SmsPartCapacity.MaxParts)
            {
                return new SendOutcome.Rejected(SendRejection.MessageTooLong, $"{info.Units} of at most {settings.MaxLength} characters ({info.Encoding})");
            }
        }
        var receivers = new List<string>(normalized.Count);
        for (var i = 0; i < normalized.Count; i++)
        {
            if (normalized[i] is not { } receiver)
            {
                return new SendOutcome.Rejected(SendRejection.DestinationInvalid, Truncate(request.To[i]));
            }
            receivers.Add(receiver);
        }
        var sender = SenderRules.Normalize(request.Sender!);
        if (sender is null)
        {
            return new SendOutcome.Rejected(SendRejection.SenderInvalid);
        }
        DateTimeOffset? scheduledAt = null;
        if (request.Date is not null)
        {
            // The schedule has minute precision: the current minute is "now", not the past.
            if (!dates.TryParseSchedule(request.Date, out var at) || at < now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMinute)))
            {
                return new SendOutcome.Rejected(SendRejection.DateInvalid);
            }
            if (at > now + settings.MaxScheduleAhead)
            {
                return new SendOutcome.Rejected(SendRejection.DateInvalid, $"at most {settings.MaxScheduleAhead.TotalDays:0} days ahead");
            }
            scheduledAt = at;
        }
        var ids = receivers.Select(_ => MessageId.New(now)).ToList();
        if (request.Test)
        {
            return new SendOutcome.Accepted(ids, Test: true);
        }
        var dueAt = scheduledAt is { } s && s > now ? s : now;
        var messages = new List<NewOutboundMessage>(receivers.Count);
        for (var i = 0; i < receivers.Count; i++)
        {
            messages.Add(new NewOutboundMessage(ids[i], receivers[i], sender, request.Message!, request.Reference, request.SubId,
                infos[i].Encoding, infos[i].Parts, now, scheduledAt, dueAt, dueAt + settings.DefaultValidity));
        }
        var remembered = idempotency is null ? null
            : new IdempotencyRecord(idempotency.Key, idempotency.RequestHash, idempotency.RenderResponse(ids), now, now - settings.IdempotencyWindow);
        // Once handed to the store the insert completes even if the client hangs up: the client may retry with its key.
        var result = await store.InsertAcceptedAsync(account.Id, messages, remembered, CancellationToken.None).ConfigureAwait(false);
        switch (result)
        {
            case AcceptResult.Replayed replayed:
                return new SendOutcome.Replayed(replayed.Response);
            case AcceptResult.KeyConflict:
                return new SendOutcome.Rejected(SendRejection.IdempotencyKeyReused);
        }
        if (scheduledAt is null || dueAt <= now)
        {
            dispatcher.WorkAdded.Set();
        }
        return new SendOutcome.Accepted(ids, Test: false);
    }

    /// <summary>
    /// Each recipient's text as the carrier its route picks sends it (encoding and parts), so the stored part count
    /// is the count sent. Measured once per distinct carrier text profile, not per recipient: a bulk send
    /// usually has one. A recipient whose number is invalid gets the route of no number, to measure all the same.
    /// </summary>
    private (SmsTextInfo[] PerRecipient, List<SmsTextInfo> Distinct) Measure(Account account, List<string?> receivers, string text)
    {
        var perRecipient = new SmsTextInfo[receivers.Count];
        var profiles = new List<SmsTextProfile>(1);
        var distinct = new List<SmsTextInfo>(1);
        for (var i = 0; i < receivers.Count; i++)
        {
            var profile = carriers.Route(account.Id, receivers[i]).TextProfile;
            var known = profiles.IndexOf(profile);
            if (known < 0)
            {
                known = profiles.Count;
                profiles.Add(profile);
                distinct.Add(SmsText.Measure(text, profile));
            }
            perRecipient[i] = distinct[known];
        }
        return (perRecipient, distinct);
    }

    private SendOutcome.Rejected? Validate(SendRequest request)
    {
        if (request.Message is null)
        {
            return new(SendRejection.NoMessage);
        }
        if (request.To is null || request.To.Count == 0)
        {
            return new(SendRejection.DestinationInvalid);
        }
        if (request.To.Count > options.Value.MaxRecipients)
        {
            return new(SendRejection.InvalidParameters, $"at most {options.Value.MaxRecipients} recipients per request");
        }
        if (string.IsNullOrWhiteSpace(request.Sender))
        {
            return new(SendRejection.SenderEmpty);
        }
        if (request.SubId is { Length: > 64 })
        {
            return new(SendRejection.InvalidParameters, "subid is longer than 64 characters");
        }
        if (request.Reference is { Length: > 255 })
        {
            return new(SendRejection.InvalidParameters, "reference is longer than 255 characters");
        }
        if (request.Type is not null && !string.Equals(request.Type, "single", StringComparison.OrdinalIgnoreCase))
        {
            // Groups (type "group") are not built: no group id can be found.
            return string.Equals(request.Type, "group", StringComparison.OrdinalIgnoreCase)
                ? new(SendRejection.GroupNotFound)
                : new(SendRejection.InvalidParameters, "type must be 'group' or absent");
        }
        return null;
    }

    private static string Truncate(string value) => value.Length <= 20 ? value : value[..20] + "…";
}
