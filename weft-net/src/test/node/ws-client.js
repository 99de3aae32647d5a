// Drives a WebSocket echo server with the npm "ws" client; run by WsNodeClientTest.
// Usage: node ws-client.js ws://127.0.0.1:PORT/
// Prints one "ok <step>" line per passed step; exits 1 with "FAIL <step>: <why>" on the first failure.
'use strict';
const WebSocket = require('ws');

const url = process.argv[2];
const STEP_TIMEOUT_MS = 5000;

function open() {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
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

async function main() {
  const steps = [
    ['text echo', async (ws) => {
      const reply = next(ws, 'message');
      ws.send('héllo');
      const [data, isBinary] = await reply;
      expect(!isBinary && data.toString('utf8') === 'héllo', 'got ' + data);
    }],
    ['binary echo', async (ws) => {
      const sent = Buffer.from([0, 1, 2, 253, 254, 255]);
      const reply = next(ws, 'message');
      ws.send(sent, { binary: true });
      const [data, isBinary] = await reply;
      expect(isBinary && Buffer.compare(data, sent) === 0, 'got ' + data.toString('hex'));
    }],
    ['fragmented message', async (ws) => {
      const reply = next(ws, 'message');
      ws.send('frag-', { fin: false });
      ws.send('men-', { fin: false });
      ws.send('ted', { fin: true });
      const [data] = await reply;
      expect(data.toString('utf8') === 'frag-men-ted', 'got ' + data);
    }],
    ['ping answered with pong', async (ws) => {
      const pong = next(ws, 'pong');
      ws.ping(Buffer.from('are you there'));
      const [data] = await pong;
      expect(data.toString('utf8') === 'are you there', 'pong payload ' + data);
    }],
    ['close 1000', async (ws) => {
      const closed = next(ws, 'close');
      ws.close(1000, 'bye');
      const [code] = await closed;
      expect(code === 1000, 'close code ' + code);
    }],
  ];
  const ws = await open();
  for (const [name, run] of steps) {
    try {
      await run(ws);
      console.log('ok ' + name);
    } catch (e) {
      console.log('FAIL ' + name + ': ' + e.message);
      process.exit(1);
    }
  }
  // Invalid UTF-8 in a text frame, written raw (the ws client refuses to send it): FIN + text opcode,
  // masked with a zero key so the payload goes out as is.
  try {
    const bad = await open();
    const closed = next(bad, 'close');
    bad._socket.write(Buffer.from([0x81, 0x82, 0, 0, 0, 0, 0xc3, 0x28]));
    const [code] = await closed;
    expect(code === 1007, 'close code ' + code);
    console.log('ok invalid utf-8 closes with 1007');
  } catch (e) {
    console.log('FAIL invalid utf-8 closes with 1007: ' + e.message);
    process.exit(1);
  }
}

main().catch((e) => { console.log('FAIL connect: ' + e.message); process.exit(1); });
