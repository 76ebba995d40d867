'use strict';
// usage: node client.js <ws|websocket|faye> <base-url> [--version 8] [--ca ca.pem]
// Drives one library's client through the standard conversation with a weft server: echoes of
// text and binary at every size, fragmented messages where the library can send them, ping/pong,
// closes from either side with codes and reasons, subprotocol choice and a refused handshake.
// Prints one line per check and exits non-zero at the first failure.
const adapters = require('./adapters');
const { SIZES, text, binary, check, sameText, sameBinary, withTimeout } = require('./conversation');

async function main() {
  const [lib, base] = process.argv.slice(2);
  const vi = process.argv.indexOf('--version');
  const version = vi > 0 ? Number(process.argv[vi + 1]) : 13;
  const ci = process.argv.indexOf('--ca');
  const ca = ci > 0 ? process.argv[ci + 1] : undefined;
  const connect = adapters[lib];
  if (!connect || !base) {
    console.log('usage: node client.js <ws|websocket|faye> <base-url> [--version 8]');
    process.exit(2);
  }

  const c = await connect(base + '/echo', { version, ca });
  for (const size of SIZES) {
    const t = text(size);
    c.send(t);
    sameText(await withTimeout(c.next(), 30000, 'text ' + size), t, 'text echo of ' + size + ' bytes');
    const b = binary(size);
    c.send(b);
    sameBinary(await withTimeout(c.next(), 30000, 'binary ' + size), b, 'binary echo of ' + size + ' bytes');
  }
  if (c.sendFragments) {
    const parts = [Buffer.from('frag'), Buffer.from('men'), Buffer.alloc(0), Buffer.from('ted é')];
    c.sendFragments(parts, false);
    sameText(await c.next(), 'fragmented é', 'fragmented text reassembled');
    const bparts = [binary(70000), binary(3), binary(125)];
    c.sendFragments(bparts, true);
    sameBinary(await c.next(), Buffer.concat(bparts), 'fragmented binary reassembled');
  }
  c.ping(Buffer.from('ping-123'));
  const pong = await withTimeout(c.nextPong(), 10000, 'pong');
  check(Buffer.from(pong).toString() === 'ping-123', 'pong carries the ping payload');
  c.close(4001, 'bye');
  const closed = await withTimeout(c.closed, 10000, 'close');
  check(closed.code === 4001, 'client close 4001 echoed (got ' + closed.code + ')');

  const c2 = await connect(base + '/echo', { version, ca });
  c2.send('please-close');
  const closed2 = await withTimeout(c2.closed, 10000, 'server close');
  check(closed2.code === 4002 && closed2.reason === 'server bye',
    'server close 4002 "server bye" received (got ' + closed2.code + ' "' + closed2.reason + '")');

  const c3 = await connect(base + '/chat', { version, ca, protocols: ['x-unknown', 'chat.v1'] });
  check(c3.protocol === 'chat.v1', 'subprotocol chat.v1 chosen (got ' + c3.protocol + ')');
  c3.close(1000, '');
  await withTimeout(c3.closed, 10000, 'close chat');

  try {
    const c4 = await connect(base + '/reject', { version, ca });
    c4.close(1000, '');
    check(false, 'handshake refused');
  } catch (e) {
    check(String(e && e.message || e).includes('403'), 'handshake refused with 403 (' + (e && e.message || e) + ')');
  }
  console.log('done');
  process.exit(0);
}

main().catch(e => { console.log('FAIL ' + (e && e.stack || e)); process.exit(1); });
