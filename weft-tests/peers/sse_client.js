'use strict';
// usage: node sse_client.js <url> <count>
// An EventSource client (npm eventsource, the WhatWG implementation for Node): prints "open"
// each time the stream opens, then every event as "event <type> <lastEventId> <JSON of data>",
// and exits after <count> events. It reconnects as browsers do, sending Last-Event-ID.
const { EventSource } = require('eventsource');

const want = Number(process.argv[3]);
let seen = 0;
const es = new EventSource(process.argv[2]);
const print = (e) => {
  console.log('event ' + e.type + ' ' + e.lastEventId + ' ' + JSON.stringify(e.data));
  if (++seen === want) {
    es.close();
    process.exit(0);
  }
};
es.addEventListener('open', () => console.log('open'));
es.addEventListener('message', print);
es.addEventListener('tick', print);
es.addEventListener('error', (e) => console.log('error ' + (e.message || e.code || 'reconnecting')));
