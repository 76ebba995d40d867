'use strict';
// usage: node server.js <ws|websocket|faye> [--cert chain.pem --key key.pem]   (--cert: wss://, ws only)
// Runs one library's server on a free loopback port and prints "listening <port>". It echoes
// every message; answers the text "please-close" by closing with 4002 "server bye"; refuses
// /reject with 403; chooses the subprotocol chat.v1 when offered; prints "closed <code> <reason>"
// as each connection closes.
const http = require('http');
const WebSocket = require('ws');
const WebSocketNode = require('websocket');
const Faye = require('faye-websocket');

const MAX = 64 * 1024 * 1024;
const lib = process.argv[2];
const log = s => process.stdout.write(s + '\n');

const certAt = process.argv.indexOf('--cert');
const keyAt = process.argv.indexOf('--key');

if (lib === 'ws') {
  let https = null;
  if (certAt > 0) {
    const fs = require('fs');
    https = require('https').createServer({ cert: fs.readFileSync(process.argv[certAt + 1]),
      key: fs.readFileSync(process.argv[keyAt + 1]) });
  }
  const server = new WebSocket.Server({
    ...(https ? { server: https } : { port: 0, host: '127.0.0.1' }), maxPayload: MAX, perMessageDeflate: false,
    handleProtocols: protocols => (protocols.has('chat.v1') ? 'chat.v1' : false),
    verifyClient: (info, cb) => (info.req.url === '/reject' ? cb(false, 403, 'go away') : cb(true)),
  });
  if (https) https.listen(0, '127.0.0.1', () => log('listening ' + https.address().port));
  else server.on('listening', () => log('listening ' + server.address().port));
  server.on('connection', sock => {
    sock.on('message', (data, isBinary) => {
      if (!isBinary && data.toString() === 'please-close') sock.close(4002, 'server bye');
      else sock.send(data, { binary: isBinary });
    });
    sock.on('close', (code, reason) => log('closed ' + code + ' ' + reason));
  });
} else if (lib === 'websocket') {
  const httpServer = http.createServer((req, res) => { res.writeHead(404); res.end(); });
  httpServer.listen(0, '127.0.0.1', () => log('listening ' + httpServer.address().port));
  const wss = new WebSocketNode.server({
    httpServer, autoAcceptConnections: false, maxReceivedFrameSize: MAX, maxReceivedMessageSize: MAX,
    fragmentOutgoingMessages: true, fragmentationThreshold: 16 * 1024,
  });
  wss.on('request', req => {
    if (req.resource === '/reject') { req.reject(403, 'go away'); return; }
    const proto = req.requestedProtocols.includes('chat.v1') ? 'chat.v1' : null;
    const conn = req.accept(proto, req.origin);
    conn.on('message', m => {
      if (m.type === 'utf8') {
        if (m.utf8Data === 'please-close') conn.close(4002, 'server bye');
        else conn.sendUTF(m.utf8Data);
      } else {
        conn.sendBytes(m.binaryData);
      }
    });
    conn.on('close', (code, desc) => log('closed ' + code + ' ' + desc));
  });
} else if (lib === 'faye') {
  const server = http.createServer((req, res) => { res.writeHead(404); res.end(); });
  server.on('upgrade', (req, socket, body) => {
    if (!Faye.isWebSocket(req)) { socket.destroy(); return; }
    if (req.url === '/reject') {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 7\r\nConnection: close\r\n\r\ngo away');
      return;
    }
    const ws = new Faye(req, socket, body, ['chat.v1'], { maxLength: MAX });
    ws.on('message', e => {
      if (e.data === 'please-close') ws.close(4002, 'server bye');
      else ws.send(e.data);
    });
    ws.on('close', e => log('closed ' + e.code + ' ' + e.reason));
  });
  server.listen(0, '127.0.0.1', () => log('listening ' + server.address().port));
} else {
  log('usage: node server.js <ws|websocket|faye>');
  process.exit(2);
}
