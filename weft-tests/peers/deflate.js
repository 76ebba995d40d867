'use strict';
// usage: node deflate.js client <url> <variant>   |   node deflate.js server <variant>
// npm ws with permessage-deflate, in one of several configurations, against weft.
// client: connects, prints "negotiated <header>", round-trips compressible and random messages
//         of several sizes, checks each echo, closes; exits non-zero at the first mismatch.
// server: listens on a free port, prints "listening <port>", echoes, prints "negotiated <header>".
const WebSocket = require('ws');
const crypto = require('crypto');

const VARIANTS = {
  default: true,
  noContextTakeover: { clientNoContextTakeover: true, serverNoContextTakeover: true, threshold: 0 },
  smallWindows: { serverMaxWindowBits: 10, clientMaxWindowBits: 10, threshold: 0 },
  serverWindow10: { serverMaxWindowBits: 10, threshold: 0 },
  windows9: { serverMaxWindowBits: 9, clientMaxWindowBits: 9, threshold: 0 },
  windows12: { serverMaxWindowBits: 12, clientMaxWindowBits: 12, threshold: 0 },
  windows15: { serverMaxWindowBits: 15, clientMaxWindowBits: 15, threshold: 0 },
  windows9NoTakeover: { serverMaxWindowBits: 9, clientMaxWindowBits: 9, serverNoContextTakeover: true,
    clientNoContextTakeover: true, threshold: 0 },
};

const [mode, a, b] = process.argv.slice(2);
const log = s => process.stdout.write(s + '\n');

if (mode === 'client') {
  const sock = new WebSocket(a, { perMessageDeflate: VARIANTS[b], maxPayload: 64 << 20 });
  const queue = [];
  const waiting = [];
  sock.on('message', (data, isBinary) => {
    const m = { isBinary, data };
    if (waiting.length) waiting.shift()(m); else queue.push(m);
  });
  const next = () => (queue.length ? Promise.resolve(queue.shift()) : new Promise(r => waiting.push(r)));
  sock.on('open', async () => {
    log('negotiated ' + (sock.extensions || '(none)'));
    for (const n of [0, 10, 2000, 100000, 1 << 20]) {
      const text = '{"k":"' + 'v'.repeat(n) + '"}';
      sock.send(text);
      const t = await next();
      if (t.isBinary || t.data.toString() !== text) { log('FAIL text ' + n); process.exit(1); }
      const bin = crypto.randomBytes(n);
      sock.send(bin);
      const r = await next();
      if (!r.isBinary || Buffer.compare(r.data, bin) !== 0) { log('FAIL binary ' + n); process.exit(1); }
    }
    // Repeats farther apart than a small window: a compressor that refers back past the agreed
    // window makes ws's zlib (inflating with exactly that window) fail the connection.
    for (const n of [300, 3000, 20000]) {
      const block = crypto.randomBytes(n);
      for (const m of [Buffer.concat([block, block]), block, block]) {
        sock.send(m);
        const r = await next();
        if (!r.isBinary || Buffer.compare(r.data, m) !== 0) { log('FAIL repeat ' + n); process.exit(1); }
      }
    }
    log('ok echoes');
    sock.close(1000);
  });
  sock.on('close', code => { log('closed ' + code); process.exit(code === 1000 ? 0 : 1); });
  sock.on('error', e => { log('FAIL ' + e.message); process.exit(1); });
} else if (mode === 'server') {
  const server = new WebSocket.Server({ port: 0, host: '127.0.0.1', perMessageDeflate: VARIANTS[a], maxPayload: 64 << 20 });
  server.on('listening', () => log('listening ' + server.address().port));
  server.on('connection', (sock, req) => {
    log('negotiated ' + (req.headers['sec-websocket-extensions'] || '(none offered)') + ' -> ' + (sock.extensions || '(none)'));
    sock.on('message', (data, isBinary) => sock.send(data, { binary: isBinary }));
  });
} else {
  log('usage: node deflate.js client <url> <variant> | server <variant>');
  process.exit(2);
}
