using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Smpp.Receipts;
using Smsgw.Smpp.Sessions;
using Smsgw.Smpp.Text;
using Xunit;

namespace Smsgw.Smpp.Tests.Interop;

/// <summary>
/// Our SMSC role against an ESME nobody here wrote: the npm <c>smpp</c> 0.5.1 package, driven by
/// <c>tests/interop/smpp/esme.js</c> over real loopback TCP. The package comes from <c>$SMSGW_SMSC_SIM</c> (the
/// simulator directory <c>.ci/run</c> installs); without it, or without <c>node</c>, the test fails: it never skips.
/// </summary>
public sealed class NpmSmppEsmeInteropTests
{
    private const string DirectoryVariable = "SMSGW_SMSC_SIM";
    private const string EsmeSystemId = "npmesme";
    private const string EsmePassword = "secret";
    private const int ExpectedSubmits = 7;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Npm_smpp_esme_binds_submits_gsm_ucs2_and_concatenated_messages_takes_a_receipt_and_unbinds()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var submits = new ConcurrentQueue<(string? SystemId, SmppSession Session, SubmitSm Pdu, string MessageId)>();
        var submitted = new SemaphoreSlim(0);
        var binds = new ConcurrentQueue<(string SystemId, string Password, CommandId CommandId)>();
        var lastId = 0xABC00;
        await using var server = new SmppServer(
            new SmppServerOptions { SystemId = "smsgwSMSC" },
            new SmppServerHandlers
            {
                Bind = (_, bind, _) =>
                {
                    binds.Enqueue((bind.SystemId, bind.Password, bind.CommandId));
                    return ValueTask.FromResult(bind.SystemId == EsmeSystemId && bind.Password == EsmePassword ? CommandStatus.Ok : CommandStatus.InvalidPassword);
                },
                SubmitSm = (session, submit, _) =>
                {
                    var id = Interlocked.Increment(ref lastId).ToString("x8", CultureInfo.InvariantCulture);
                    submits.Enqueue((session.SystemId, session, submit, id));
                    submitted.Release();
                    return ValueTask.FromResult(SubmitSmResult.Accepted(id));
                },
            });
        var endPoint = server.Start(new IPEndPoint(IPAddress.Loopback, 0));

        await using var esme = NodeEsme.Start(endPoint.Port);
        for (var i = 0; i < ExpectedSubmits; i++)
        {
            var next = submitted.WaitAsync(Timeout, cancellationToken);
            await Task.WhenAny(next, esme.Exited);
            Assert.True(next.IsCompleted && await next, $"the npm ESME sent {i} of {ExpectedSubmits} submits; {await esme.OutputAsync()}");
        }
        var received = submits.ToList();
        var receiver = server.FindReceiver(EsmeSystemId);
        Assert.NotNull(receiver);
        var receiptId = received[0].MessageId;
        var receiptText = $"id:{receiptId} sub:001 dlvrd:001 submit date:2611251430 done date:2611251431 stat:DELIVRD err:000 text:Hello from npm";
        var receipt = new DeliverSm
        {
            SourceAddr = "32470123456",
            DestinationAddr = "NpmEsme",
            EsmClass = 0x04,
            ShortMessage = Encoding.ASCII.GetBytes(receiptText),
            Tlvs = [Tlv.FromCString(TlvTag.ReceiptedMessageId, receiptId), Tlv.FromByte(TlvTag.MessageState, (byte)MessageState.Delivered)],
        };
        var receiptResponse = await receiver.SendRequestAsync(receipt, cancellationToken).WaitAsync(Timeout, cancellationToken);
        var (exitCode, summary) = await esme.ResultAsync();

        // What the npm ESME saw.
        Assert.True(exitCode == 0, $"esme.js exited with {exitCode}: {await esme.OutputAsync()}");
        Assert.Equal(0, summary.GetProperty("bind").GetProperty("status").GetInt32());
        Assert.Equal("smsgwSMSC", summary.GetProperty("bind").GetProperty("system_id").GetString());
        var answered = summary.GetProperty("submits").EnumerateArray().ToList();
        Assert.Equal(ExpectedSubmits, answered.Count);
        Assert.All(answered, s => Assert.Equal(0, s.GetProperty("status").GetInt32()));
        Assert.Equal(received.Select(r => r.MessageId), answered.Select(s => s.GetProperty("message_id").GetString()));
        var deliver = summary.GetProperty("deliver");
        Assert.Equal(0x04, deliver.GetProperty("esm_class").GetInt32());
        Assert.Equal(receiptId, deliver.GetProperty("receipted_message_id").GetString());
        Assert.Equal((int)MessageState.Delivered, deliver.GetProperty("message_state").GetInt32());
        Assert.Equal(receiptText, deliver.GetProperty("text").GetString());
        Assert.Equal("NpmEsme", deliver.GetProperty("destination_addr").GetString());
        Assert.Equal(0, summary.GetProperty("enquireLink").GetProperty("status").GetInt32());
        Assert.Equal(0, summary.GetProperty("unbind").GetProperty("status").GetInt32());
        Assert.True(summary.GetProperty("closed").GetBoolean());

        // What our SMSC received and answered.
        Assert.Equal(CommandStatus.Ok, Assert.IsType<DeliverSmResp>(receiptResponse).CommandStatus);
        var bind = Assert.Single(binds);
        Assert.Equal((EsmeSystemId, EsmePassword, CommandId.BindTransceiver), bind);
        Assert.All(received, r => Assert.Equal(EsmeSystemId, r.SystemId));
        Assert.All(received, r => Assert.Equal(("NpmEsme", (byte)5, "32470123456", (byte)1, (byte)1, (byte)1),
            (r.Pdu.SourceAddr, r.Pdu.SourceAddrTon, r.Pdu.DestinationAddr, r.Pdu.DestAddrTon, r.Pdu.DestAddrNpi, r.Pdu.RegisteredDelivery)));
        var sent = answered.Select(s => s.GetProperty("text").GetString()).ToList();
        var texts = received.Select(r => Decode(r.Pdu)).ToList();
        Assert.Equal(sent, texts.Select(t => t.Text));
        Assert.Equal([0, 8, 0, 0, 0, 8, 8], received.Select(r => (int)r.Pdu.DataCoding));
        Assert.Equal([false, false, true, true, true, true, true], received.Select(r => (r.Pdu.EsmClass & 0x40) != 0));
        Assert.Null(texts[0].Part);
        Assert.Null(texts[1].Part);
        Assert.Equal(
            [
                new Concatenation(ConcatenationReference.EightBit, 0x2A, 3, 1),
                new Concatenation(ConcatenationReference.EightBit, 0x2A, 3, 2),
                new Concatenation(ConcatenationReference.EightBit, 0x2A, 3, 3),
                new Concatenation(ConcatenationReference.SixteenBit, 0x1234, 2, 1),
                new Concatenation(ConcatenationReference.SixteenBit, 0x1234, 2, 2),
            ],
            texts.Skip(2).Select(t => t.Part));
        Assert.Contains("{braces} [brackets] ~tilde~ and the euro sign €", texts[3].Text, StringComparison.Ordinal);
        Assert.Contains("😀", texts[5].Text, StringComparison.Ordinal);
        var session = received[0].Session;
        await session.Completion.WaitAsync(Timeout, cancellationToken);
        Assert.Equal("unbound by the peer", session.CloseReason);
    }

    /// <summary>The text of a submit: its UDH (concatenation) read and stripped, decoded by <c>data_coding</c> (0 GSM 03.38 unpacked, 8 UCS-2).</summary>
    private static (string Text, Concatenation? Part) Decode(SubmitSm pdu)
    {
        var payload = pdu.ShortMessage.Span;
        Concatenation? part = null;
        if ((pdu.EsmClass & 0x40) != 0)
        {
            Assert.True(Udh.TryReadConcatenation(payload, out var concatenation), "a UDH without a concatenation element");
            part = concatenation;
            payload = payload[(payload[0] + 1)..];
        }
        return (pdu.DataCoding == 8 ? Ucs2.Decode(payload) : Gsm7.Decode(payload), part);
    }

    /// <summary><c>node esme.js PORT</c> with the npm <c>smpp</c> package of <c>$SMSGW_SMSC_SIM</c> on its <c>NODE_PATH</c>.</summary>
    private sealed class NodeEsme : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Task<string> _stdout;
        private readonly Task<string> _stderr;

        private NodeEsme(Process process)
        {
            _process = process;
            _stdout = process.StandardOutput.ReadToEndAsync();
            _stderr = process.StandardError.ReadToEndAsync();
            Exited = process.WaitForExitAsync();
        }

        public Task Exited { get; }

        public static NodeEsme Start(int port)
        {
            var simulator = Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured ? configured : InstallOnce();
            var package = Path.Combine(simulator, "node_modules", "smpp", "package.json");
            Assert.True(File.Exists(package), $"{DirectoryVariable}={simulator} has no node_modules/smpp: run npm install --no-package-lock there (.ci/run does)");
            using (var json = JsonDocument.Parse(File.ReadAllText(package)))
            {
                Assert.Equal("0.5.1", json.RootElement.GetProperty("version").GetString());
            }
            var script = Path.Combine(RepositoryRoot(), "tests", "interop", "smpp", "esme.js");
            Assert.True(File.Exists(script), $"{script} is missing");

            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = simulator,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add(EsmeSystemId);
            start.ArgumentList.Add(EsmePassword);
            start.Environment["NODE_PATH"] = Path.Combine(simulator, "node_modules");
            try
            {
                return new NodeEsme(Process.Start(start) ?? throw new InvalidOperationException("could not start node"));
            }
            catch (Win32Exception exception)
            {
                Assert.Fail($"node is needed for the npm smpp interop test (.ci/run installs it): {exception.Message}");
                throw;
            }
        }

        private static readonly Lock InstallLock = new();
        private static string? _installed;

        /// <summary>Without <c>$SMSGW_SMSC_SIM</c> (a plain <c>dotnet test</c>): a copy of <c>../shared/tools/smsc-sim</c>
        /// with <c>npm install</c> run in it, once per test run. Failing to make one fails the test.</summary>
        private static string InstallOnce()
        {
            lock (InstallLock)
            {
                if (_installed is not null)
                {
                    return _installed;
                }
                var source = Path.Combine(RepositoryRoot(), "..", "shared", "tools", "smsc-sim");
                Assert.True(File.Exists(Path.Combine(source, "package.json")), $"{DirectoryVariable} is not set and {source} is missing: point {DirectoryVariable} at an installed copy of smsc-sim (.ci/run does)");
                var target = Directory.CreateTempSubdirectory("smsgw-npm-smpp-").FullName;
                foreach (var file in Directory.GetFiles(source))
                {
                    File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
                }
                var npm = new ProcessStartInfo("npm") { WorkingDirectory = target, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var argument in new[] { "install", "--no-package-lock", "--no-audit", "--no-fund" })
                {
                    npm.ArgumentList.Add(argument);
                }
                try
                {
                    using var process = Process.Start(npm) ?? throw new InvalidOperationException("could not start npm");
                    var errors = process.StandardError.ReadToEndAsync();
                    _ = process.StandardOutput.ReadToEndAsync();
                    Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "npm install did not finish in 2 minutes");
                    Assert.True(process.ExitCode == 0, $"npm install failed: {errors.Result}");
                }
                catch (Win32Exception exception)
                {
                    Assert.Fail($"node and npm are needed for the npm smpp interop test (.ci/run installs them): {exception.Message}");
                }
                return _installed = target;
            }
        }

        /// <summary>Waits for the script to end and parses the JSON summary it printed last.</summary>
        public async Task<(int ExitCode, JsonElement Summary)> ResultAsync()
        {
            await Exited.WaitAsync(Timeout, TestContext.Current.CancellationToken);
            var stdout = await _stdout;
            var last = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            Assert.True(last is not null, $"esme.js printed no summary: {await OutputAsync()}");
            using var json = JsonDocument.Parse(last);
            return (_process.ExitCode, json.RootElement.Clone());
        }

        /// <summary>Everything the script printed so far, for failure messages.</summary>
        public async Task<string> OutputAsync()
        {
            if (!_process.HasExited)
            {
                return "(esme.js still running)";
            }
            return $"stdout: {await _stdout} stderr: {await _stderr}";
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
            _process.Dispose();
        }

        private static string RepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "smsgw.slnx")))
                {
                    return directory.FullName;
                }
            }
            throw new InvalidOperationException("smsgw.slnx not found above " + AppContext.BaseDirectory);
        }
    }
}
