// An echo server for the legacy drafts (hixie-75/76), as faye-websocket's server speaks them:
// its protocol driver, websocket-driver, with allowDrafts (faye-websocket 0.11 no longer
// passes that option itself). Used as the oracle weft's legacy drafts are compared with.
// usage: node legacy_server.js   → prints "listening PORT"
'use strict';
const http = require('http');
const websocket = require('websocket-driver');

const server = http.createServer((req, res) => { res.writeHead(404); res.end(); });
server.on('upgrade', (request, socket, body) => {
  if (!websocket.isWebSocket(request)) { socket.destroy(); return; }
  const driver = websocket.http(request, { allowDrafts: true });
  driver.io.write(body);
  socket.pipe(driver.io).pipe(socket);
  driver.messages.on('data', message => driver.text(message));
  driver.on('close', () => socket.end());
  socket.on('error', () => {});
  driver.start();
});
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
