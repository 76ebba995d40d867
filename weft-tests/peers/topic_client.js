'use strict';
// usage: node topic_client.js <url>
// A subscriber for the cluster tests: connects with ws, prints "open", then every text message
// as "msg <text>", one per line, and "closed <code>" when the server closes.
const WebSocket = require('ws');

const ws = new WebSocket(process.argv[2]);
ws.on('open', () => console.log('open'));
ws.on('message', (data) => console.log('msg ' + data.toString()));
ws.on('close', (code) => {
  console.log('closed ' + code);
  process.exit(0);
});
ws.on('error', (e) => {
  console.log('error ' + e.message);
  process.exit(1);
});
