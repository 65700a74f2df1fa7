using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smsgw.Accounts;
using Smsgw.Storage;

namespace Smsgw.Inbound;

internal sealed record InboundFile(string Name, string Mime, ReadOnlyMemory<byte> Content);

/// <summary>An inbound SMS or MMS for an account; numbers already normalised.</summary>
internal sealed record InboundSubmission(
    AccountId AccountId,
    string From,
    string To,
    string Text,
    IReadOnlyList<InboundFile> Files,
    string? ExternalId);

internal abstract record InboundReceiveResult
{
    /// <summary><paramref name="InboxId"/> numbers the account's inbox (the inbox's <c>ID</c>).</summary>
    public sealed record Stored(long InboxId, bool Inserted) : InboundReceiveResult;
    public sealed record Invalid(string Reason) : InboundReceiveResult;
}

/// <summary>Stores inbound messages from any carrier (files first, then the row that makes them visible).</summary>
internal sealed class InboundMessageReceiver(
    IMessageStore store,
    MessageFileStore files,
    IOptions<MmsFileOptions> fileOptions,
    InboundMetrics metrics,
    TimeProvider timeProvider,
    ILogger<InboundMessageReceiver> logger)
{
    public async Task<InboundReceiveResult> ReceiveAsync(InboundSubmission submission, CancellationToken cancellationToken)
    {
        if (Validate(submission.Files) is { } reason)
        {
            return new InboundReceiveResult.Invalid(reason);
        }
        var saved = new List<NewMessageFile>(submission.Files.Count);
        try
        {
            foreach (var file in submission.Files)
            {
                saved.Add(await files.SaveAsync(file.Name, file.Mime, file.Content, cancellationToken).ConfigureAwait(false));
            }
            var message = new NewInboundMessage(submission.AccountId, submission.From, submission.To,
                submission.Text, timeProvider.GetUtcNow(), submission.ExternalId, saved);
            var result = await store.InsertInboundAsync(message, cancellationToken).ConfigureAwait(false);
            if (!result.Inserted)
            {
                saved.ForEach(files.Delete);
            }
            Committed(message, result);
            return new InboundReceiveResult.Stored(result.InboxId, result.Inserted);
        }
        catch
        {
            saved.ForEach(files.Delete);
            throw;
        }
    }

    /// <summary>
    /// What follows the commit of an inbound message, also for one stored by another store's transaction (a long
    /// message joined with its last part): counted, logged.
    /// </summary>
    public void Committed(NewInboundMessage message, InboundInsertResult result)
    {
        if (!result.Inserted)
        {
            InboundLog.InboundRepeated(logger, message.ExternalId ?? "", result.RowId);
            return;
        }
        metrics.InboundStored();
        InboundLog.InboundStored(logger, result.RowId, message.AccountId.ToString(), message.Files.Count);
    }

    private string? Validate(IReadOnlyList<InboundFile> submitted)
    {
        var options = fileOptions.Value;
        if (submitted.Count > options.MaxFilesPerMessage)
        {
            return $"at most {options.MaxFilesPerMessage} files per message";
        }
        foreach (var file in submitted)
        {
            if (file.Content.Length == 0)
            {
                return $"file '{MessageFileStore.SafeName(file.Name)}' is empty";
            }
            if (file.Content.Length > options.MaxFileBytes)
            {
                return $"file '{MessageFileStore.SafeName(file.Name)}' is larger than {options.MaxFileBytes} bytes";
            }
            if (!options.AllowedMimeTypes.Contains(file.Mime, StringComparer.OrdinalIgnoreCase))
            {
                return $"file type '{file.Mime}' is not allowed";
            }
        }
        return null;
    }
}
