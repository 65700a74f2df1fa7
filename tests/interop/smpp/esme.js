// An ESME on the npm `smpp` 0.5.1 package (a peer nobody here wrote) against our SMSC role (SmppServer).
// usage: NODE_PATH=$SMSGW_SMSC_SIM/node_modules node esme.js PORT [SYSTEM_ID] [PASSWORD]
// Connects to 127.0.0.1:PORT, bind_transceiver, submits (in this order) a GSM short message, a UCS-2 short message,
// a GSM long message in 3 parts (UDH, 8-bit reference) and a UCS-2 long message in 2 parts (UDH, 16-bit reference),
// then waits for one deliver_sm (the receipt our SMSC sends) and answers it, sends enquire_link, unbinds, and prints
// one JSON line: the summary the xunit test (tests/Smsgw.Smpp.Tests/Interop) asserts. Exit code 0 only when every
// step completed; on an error or after TIMEOUT_MS the summary carries "error" and the exit code is 1.
'use strict';
const smpp = require('smpp');

const port = +process.argv[2];
const systemId = process.argv[3] || 'npmesme';
const password = process.argv[4] || 'secret';
const timeoutMs = +(process.env.TIMEOUT_MS || 20000);

// Texts the test expects back, decoded by our server.
const gsmLong = [
  'Part one of a concatenated GSM message sent by the npm smpp package to the SMSC role of smsgw; it has 3 parts. ',
  'Part two carries extension characters {braces} [brackets] ~tilde~ and the euro sign \u20ac, each an escape pair. ',
  'Part three ends it.',
];
const ucs2Long = [
  'Première partie d\u2019un long message UCS-2 \u2014 \u00e9t\u00e9, \u0436\u0443\u0440\u043d\u0430\u043b, \ud83d\ude00 ',
  'seconde partie \u2713 \u4f60\u597d \ud83c\udf89',
];
const messages = [
  { name: 'gsm', text: 'Hello from npm smpp @ 100% {ok}', dataCoding: 0 },
  { name: 'ucs2', text: 'Gr\u00fc\u00dfe \u03b1\u03b2\u03b3 \ud83d\ude00 \u2713', dataCoding: 8 },
  ...gsmLong.map((text, i) => ({ name: `gsm-long-${i + 1}`, text, dataCoding: 0, udh: Buffer.from([0x05, 0x00, 0x03, 0x2a, gsmLong.length, i + 1]) })),
  ...ucs2Long.map((text, i) => ({ name: `ucs2-long-${i + 1}`, text, dataCoding: 8, udh: Buffer.from([0x06, 0x08, 0x04, 0x12, 0x34, ucs2Long.length, i + 1]) })),
];

const summary = { port, systemId, bind: null, submits: [], deliver: null, enquireLink: null, unbind: null, closed: false };

function finish(error) {
  if (error) summary.error = String(error && error.message || error);
  process.stdout.write(JSON.stringify(summary) + '\n', () => process.exit(error ? 1 : 0));
}
const timer = setTimeout(() => finish(`timed out after ${timeoutMs} ms`), timeoutMs);

const session = smpp.connect({ host: '127.0.0.1', port });
session.on('error', e => finish(e));
const request = (command, fields) => new Promise(resolve => session[command](fields, resolve));

let gotDeliver;
const delivered = new Promise(resolve => { gotDeliver = resolve; });
session.on('deliver_sm', pdu => {
  const sm = pdu.short_message;
  summary.deliver = {
    sequence: pdu.sequence_number,
    source_addr: pdu.source_addr,
    destination_addr: pdu.destination_addr,
    esm_class: pdu.esm_class,
    receipted_message_id: pdu.receipted_message_id === undefined ? null : pdu.receipted_message_id,
    message_state: pdu.message_state === undefined ? null : pdu.message_state,
    text: sm && typeof sm === 'object' && 'message' in sm ? sm.message : String(sm || ''),
  };
  session.send(pdu.response());
  gotDeliver();
});

session.on('connect', async () => {
  try {
    const bind = await request('bind_transceiver', { system_id: systemId, password });
    summary.bind = { status: bind.command_status, system_id: bind.system_id };
    if (bind.command_status !== 0) throw new Error(`bind refused: ${bind.command_status}`);

    for (const m of messages) {
      const resp = await request('submit_sm', {
        source_addr_ton: 5,
        source_addr: 'NpmEsme',
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        destination_addr: '32470123456',
        registered_delivery: 1,
        data_coding: m.dataCoding,
        short_message: m.udh ? { udh: m.udh, message: m.text } : m.text,
      });
      summary.submits.push({ name: m.name, text: m.text, status: resp.command_status, message_id: resp.message_id });
    }

    await delivered;
    const enquire = await request('enquire_link', {});
    summary.enquireLink = { status: enquire.command_status };

    const closed = new Promise(resolve => session.on('close', resolve));
    const unbind = await request('unbind', {});
    summary.unbind = { status: unbind.command_status };
    session.close();
    await closed;
    summary.closed = true;
    clearTimeout(timer);
    finish();
  } catch (e) {
    finish(e);
  }
});
