'use strict';
// usage: node deflate.js client <url> <variant>   |   node deflate.js server <variant>
//        node deflate.js subscriber <url> <variant>
// npm ws with permessage-deflate, in one of several configurations, against weft.
// client: connects, prints "negotiated <header>", round-trips compressible and random messages
//         of several sizes, checks each echo, closes; exits non-zero at the first mismatch.
// server: listens on a free port, prints "listening <port>", echoes, prints "negotiated <header>".
// subscriber: against a server that echoes each text message and then publishes it, reversed
//         and prefixed "news:", to a topic this connection is on: sends 50 messages that repeat
//         one another, checks each echo and each publish (ws inflates all of them with its one
//         inflater, as context takeover requires), prints "ok subscriber <wire> <plain>" (bytes
//         read from the socket after the handshake, and the messages' own bytes), closes.
const WebSocket = require('ws');
const crypto = require('crypto');
const net = require('net');

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

// The messages a socket receives, one promise at a time.
function inbox(sock) {
  const queue = [];
  const waiting = [];
  sock.on('message', (data, isBinary) => {
    const m = { isBinary, data };
    if (waiting.length) waiting.shift()(m); else queue.push(m);
  });
  return () => (queue.length ? Promise.resolve(queue.shift()) : new Promise(r => waiting.push(r)));
}

if (mode === 'client') {
  const sock = new WebSocket(a, { perMessageDeflate: VARIANTS[b], maxPayload: 64 << 20 });
  const next = inbox(sock);
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
} else if (mode === 'subscriber') {
  let wire = 0;
  const sock = new WebSocket(a, {
    perMessageDeflate: VARIANTS[b],
    // ws's documented hook for the socket it speaks over: here, to count what arrives on it.
    // (options.path is the URL's path: like ws's own netConnect, connect over TCP, not to a file.)
    createConnection: options => net.connect({ ...options, path: options.socketPath }).on('data', d => { wire += d.length; }),
  });
  const next = inbox(sock);
  sock.on('open', async () => {
    log('negotiated ' + (sock.extensions || '(none)'));
    const handshake = wire;
    let plain = 0;
    for (let i = 0; i < 50; i++) {
      const text = JSON.stringify({ seq: i, words: 'the same words, said again and again; '.repeat(20 + i % 7) });
      sock.send(text);
      const echo = await next();
      if (echo.isBinary || echo.data.toString() !== text) { log('FAIL echo ' + i + ': ' + echo.data); process.exit(1); }
      const published = await next();
      const expected = 'news:' + [...text].reverse().join('');
      if (published.isBinary || published.data.toString() !== expected) {
        log('FAIL publish ' + i + ': ' + published.data);
        process.exit(1);
      }
      plain += echo.data.length + published.data.length;
    }
    log('ok subscriber ' + (wire - handshake) + ' ' + plain);
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
  log('usage: node deflate.js client <url> <variant> | server <variant> | subscriber <url> <variant>');
  process.exit(2);
}
