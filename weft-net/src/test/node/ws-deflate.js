// Drives a WebSocket echo server with the npm "ws" client, with and without permessage-deflate (RFC 7692);
// run by WsNodeClientTest.
// Usage: node ws-deflate.js ws://127.0.0.1:PORT/ MODE
//   deflate   the client offers permessage-deflate (ws's default): it must be negotiated; large messages travel
//             compressed both ways; a message that inflates past the server's 1 MiB limit is closed with 1009
//   takeover  as deflate, against a server that keeps its context: many similar messages in a row
//   no-offer  the client does not offer it (perMessageDeflate: false): nothing is negotiated
//   declined  the client offers it to a server that has it off: nothing is negotiated
// Prints "extensions: <the server's Sec-WebSocket-Extensions>" and one "ok <step>" line per passed step; exits 1 with "FAIL <step>: <why>".
'use strict';
const WebSocket = require('ws');

const [url, mode] = process.argv.slice(2);
const STEP_TIMEOUT_MS = 10000;
const offer = mode !== 'no-offer';
const expectDeflate = mode === 'deflate' || mode === 'takeover';

function open() {
  return new Promise((resolve, reject) => {
    // threshold 0: the client compresses every message it can, so small ones are tested too.
    const ws = new WebSocket(url, { perMessageDeflate: offer ? { threshold: 0 } : false, maxPayload: 256 << 20 });
    ws.once('upgrade', (res) => { ws.extensionsHeader = res.headers['sec-websocket-extensions'] || ''; });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function next(ws, event) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ' + event + ' within ' + STEP_TIMEOUT_MS + ' ms')), STEP_TIMEOUT_MS);
    ws.once(event, (...args) => { clearTimeout(timer); resolve(args); });
  });
}

function expect(cond, why) {
  if (!cond) throw new Error(why);
}

/** Sends text, awaits the echo; returns the bytes the socket received for it. */
async function echo(ws, text, options) {
  const before = ws._socket.bytesRead;
  const reply = next(ws, 'message');
  ws.send(text, options || {});
  const [data, isBinary] = await reply;
  expect(!isBinary && data.toString('utf8') === text, 'echo differs (' + data.length + ' bytes)');
  return ws._socket.bytesRead - before;
}

function json(i) {
  const items = [];
  for (let k = 0; k < 2000; k++) items.push({ id: k, name: 'item-' + k, price: (k * 7) % 100, tags: ['a', 'b'] });
  return JSON.stringify({ round: i, items });
}

async function main() {
  const ws = await open();
  console.log('extensions: ' + ws.extensionsHeader);
  const large = json(0); // about 100 KB of repetitive JSON
  const steps = [
    ['negotiation', async () => {
      expect(expectDeflate === ws.extensions.startsWith('permessage-deflate'), 'extensions "' + ws.extensions + '"');
    }],
    ['large text echo', async () => {
      const got = await echo(ws, large);
      // Compressed, the echo is a fraction of the message; uncompressed, all of it plus a header.
      expect(expectDeflate ? got < large.length / 4 : got > large.length, got + ' bytes received for ' + large.length);
    }],
    ['binary echo', async () => {
      const sent = Buffer.alloc(200000, 'weft ');
      const before = ws._socket.bytesRead;
      const reply = next(ws, 'message');
      ws.send(sent, { binary: true });
      const [data, isBinary] = await reply;
      expect(isBinary && Buffer.compare(data, sent) === 0, 'binary echo differs');
      const got = ws._socket.bytesRead - before;
      expect(expectDeflate ? got < sent.length / 4 : got > sent.length, got + ' bytes received for ' + sent.length);
    }],
    ['small text echo', async () => {
      await echo(ws, 'héllo');
    }],
    ['fragmented message', async () => {
      const reply = next(ws, 'message');
      ws.send('frag-'.repeat(500), { fin: false });
      ws.send('men-'.repeat(500), { fin: false });
      ws.send('ted', { fin: true });
      const [data] = await reply;
      expect(data.toString('utf8') === 'frag-'.repeat(500) + 'men-'.repeat(500) + 'ted', 'got ' + data.length + ' bytes');
    }],
    ['many similar messages', async () => {
      for (let i = 1; i <= 50; i++) {
        await echo(ws, json(i).slice(0, 5000 + i));
      }
    }],
    ['ping answered with pong', async () => {
      const pong = next(ws, 'pong');
      ws.ping(Buffer.from('are you there'));
      const [data] = await pong;
      expect(data.toString('utf8') === 'are you there', 'pong payload ' + data);
    }],
    ['close 1000', async () => {
      const closed = next(ws, 'close');
      ws.close(1000, 'bye');
      const [code] = await closed;
      expect(code === 1000, 'close code ' + code);
    }],
  ];
  if (expectDeflate) {
    steps.push(['a message inflating past the limit closes with 1009', async () => {
      const bomb = await open();
      const closed = next(bomb, 'close');
      bomb.send(Buffer.alloc(64 << 20), { binary: true, compress: true }); // 64 MiB of zeros: about 64 KiB sent
      const [code] = await closed;
      expect(code === 1009, 'close code ' + code);
      expect(bomb._socket.bytesWritten < (1 << 20), bomb._socket.bytesWritten + ' bytes sent');
    }]);
  }
  for (const [name, run] of steps) {
    try {
      await run();
      console.log('ok ' + name);
    } catch (e) {
      console.log('FAIL ' + name + ': ' + e.message);
      process.exit(1);
    }
  }
}

main().catch((e) => { console.log('FAIL connect: ' + e.message); process.exit(1); });
