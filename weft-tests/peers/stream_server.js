'use strict';
// usage: node stream_server.js
// ws's streams API as a peer: each connection becomes a Node duplex stream with
// WebSocket.createWebSocketStream, and a Transform in between sends every byte back with its
// bits inverted (so an echo that skipped the streams would be caught). Prints "listening <port>",
// and "ended <bytes>" when a connection's readable side ends.
const { WebSocketServer, createWebSocketStream } = require('ws');
const { Transform } = require('stream');

const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
server.on('listening', () => process.stdout.write('listening ' + server.address().port + '\n'));
server.on('connection', ws => {
  const duplex = createWebSocketStream(ws);
  let total = 0;
  const invert = new Transform({
    transform(chunk, _encoding, done) {
      total += chunk.length;
      const out = Buffer.allocUnsafe(chunk.length);
      for (let i = 0; i < chunk.length; i++) out[i] = ~chunk[i] & 0xff;
      done(null, out);
    },
  });
  duplex.on('end', () => process.stdout.write('ended ' + total + '\n'));
  duplex.on('error', () => {});
  duplex.pipe(invert).pipe(duplex);
});
