'use strict';
// One face over three WebSocket client libraries, so a single conversation script can drive
// each of them: connect(url, {protocols, version}) resolves to a Conn with
//   protocol, send(data), sendFragments(parts, binary)?, ping(buffer), close(code, reason),
//   next() -> {binary, data}, nextPong() -> Buffer, closed -> Promise<{code, reason}>.
const WebSocket = require('ws');
const WebSocketNode = require('websocket');
const Faye = require('faye-websocket');

const MAX = 64 * 1024 * 1024;

function makeConn() {
  const messages = [];
  const waiting = [];
  const pongs = [];
  const pongWaiting = [];
  let resolveClosed;
  const c = {
    protocol: null,
    closed: new Promise(r => { resolveClosed = r; }),
    push(m) { waiting.length ? waiting.shift()(m) : messages.push(m); },
    pushPong(p) { pongWaiting.length ? pongWaiting.shift()(p) : pongs.push(p); },
    closedWith(code, reason) { resolveClosed({ code, reason: String(reason || '') }); },
    next() { return messages.length ? Promise.resolve(messages.shift()) : new Promise(r => waiting.push(r)); },
    nextPong() { return pongs.length ? Promise.resolve(pongs.shift()) : new Promise(r => pongWaiting.push(r)); },
  };
  return c;
}

function wsConnect(url, o) {
  return new Promise((resolve, reject) => {
    const sock = new WebSocket(url, o.protocols || [], {
      protocolVersion: o.version || 13, maxPayload: MAX, perMessageDeflate: false,
      ...(o.ca ? { ca: require('fs').readFileSync(o.ca) } : {}),
    });
    const c = makeConn();
    sock.on('open', () => { c.protocol = sock.protocol || null; resolve(c); });
    sock.on('unexpected-response', (req, res) => {
      reject(new Error('unexpected response ' + res.statusCode));
      res.resume();
      req.destroy();
    });
    sock.on('error', e => reject(e));
    sock.on('message', (data, isBinary) => c.push({ binary: isBinary, data: isBinary ? data : data.toString('utf8') }));
    sock.on('pong', d => c.pushPong(d));
    sock.on('close', (code, reason) => c.closedWith(code, reason.toString()));
    c.send = d => sock.send(d);
    c.sendFragments = (parts, binary) => parts.forEach((p, i) => sock.send(p, { binary, fin: i === parts.length - 1 }));
    c.ping = d => sock.ping(d);
    c.close = (code, reason) => sock.close(code, reason);
  });
}

function websocketNodeConnect(url, o) {
  return new Promise((resolve, reject) => {
    const client = new WebSocketNode.client({
      maxReceivedFrameSize: MAX, maxReceivedMessageSize: MAX,
      // WebSocket-Node splits what it sends into 16 KiB fragments: weft must reassemble them.
      fragmentOutgoingMessages: true, fragmentationThreshold: 16 * 1024,
      webSocketVersion: o.version || 13,
    });
    client.on('connectFailed', e => reject(e));
    client.on('connect', conn => {
      const c = makeConn();
      c.protocol = conn.protocol || null;
      conn.on('message', m => c.push(m.type === 'utf8' ? { binary: false, data: m.utf8Data } : { binary: true, data: m.binaryData }));
      conn.on('pong', d => c.pushPong(d));
      conn.on('close', (code, desc) => c.closedWith(code, desc));
      c.send = d => (Buffer.isBuffer(d) ? conn.sendBytes(d) : conn.sendUTF(d));
      c.ping = d => conn.ping(d);
      c.close = (code, reason) => conn.close(code, reason);
      resolve(c);
    });
    client.connect(url, o.protocols && o.protocols.length ? o.protocols : null);
  });
}

function fayeConnect(url, o) {
  return new Promise((resolve, reject) => {
    const sock = new Faye.Client(url, o.protocols || [], { maxLength: MAX });
    const c = makeConn();
    let opened = false;
    sock.on('open', () => { opened = true; c.protocol = sock.protocol || null; resolve(c); });
    sock.on('message', e => c.push(typeof e.data === 'string' ? { binary: false, data: e.data } : { binary: true, data: Buffer.from(e.data) }));
    sock.on('close', e => {
      if (!opened) reject(new Error('closed before open: ' + e.code + ' ' + e.reason));
      c.closedWith(e.code, e.reason);
    });
    c.send = d => sock.send(d);
    c.ping = d => sock.ping(d.toString('utf8'), () => c.pushPong(d));
    c.close = (code, reason) => sock.close(code, reason);
  });
}

module.exports = { ws: wsConnect, websocket: websocketNodeConnect, faye: fayeConnect };
