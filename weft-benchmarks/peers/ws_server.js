'use strict';
// usage: node ws_server.js [PORT] [--deflate]
// Node's ws as a benchmark peer, keeping the contract of the Java servers (see ServerArgs.java):
// listens on 127.0.0.1, prints "listening PORT", echoes every message, and on /broadcast sends
// each message to every client on /broadcast, the way ws's README writes a broadcast.
// Refuses to start without its native add-ons, so the comparison is with ws at its fastest.
const WebSocket = require('ws');

const nativeAddOn = name => {
  const m = require(name);
  return /\[native code\]/.test(String(typeof m === 'function' ? m : Object.values(m)[0]));
};
if (!nativeAddOn('bufferutil') || !nativeAddOn('utf-8-validate')) {
  console.error('ws_server: bufferutil and utf-8-validate must load their native builds');
  process.exit(1);
}

const args = process.argv.slice(2);
const deflate = args.includes('--deflate');
const port = Number(args.find(a => a !== '--deflate') || 0);
const subscribers = new Set();
const server = new WebSocket.Server({ host: '127.0.0.1', port, maxPayload: 64 * 1024 * 1024,
  perMessageDeflate: deflate ? { threshold: 0 } : false });
server.on('listening', () => process.stdout.write('listening ' + server.address().port + '\n'));
server.on('connection', (sock, req) => {
  if (req.url === '/broadcast') {
    subscribers.add(sock);
    sock.on('close', () => subscribers.delete(sock));
    sock.on('message', (data, isBinary) => {
      for (const peer of subscribers) {
        if (peer.readyState === WebSocket.OPEN) peer.send(data, { binary: isBinary });
      }
    });
  } else {
    sock.on('message', (data, isBinary) => sock.send(data, { binary: isBinary }));
  }
});
