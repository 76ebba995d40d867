'use strict';
// The messages every interop test exchanges, and how to check an echo.
const crypto = require('crypto');

// Payload lengths at every boundary of the three length encodings, up to the 16 MiB default limit.
const SIZES = [0, 1, 125, 126, 127, 65535, 65536, 1 << 20, 16 * 1024 * 1024];

// UTF-8 text of exactly n bytes with two-, three- and four-byte characters at the start.
function text(n) {
  const head = 'é€😀';
  return Buffer.byteLength(head) <= n ? head + 'a'.repeat(n - Buffer.byteLength(head)) : 'a'.repeat(n);
}

function binary(n) {
  return crypto.randomBytes(n);
}

function check(cond, what) {
  if (!cond) {
    console.log('FAIL ' + what);
    process.exit(1);
  }
  console.log('ok ' + what);
}

function sameText(m, expected, what) {
  check(!m.binary && m.data === expected, what + ' (got ' + (m.binary ? 'binary' : m.data.length + ' chars') + ')');
}

function sameBinary(m, expected, what) {
  check(m.binary && Buffer.compare(Buffer.from(m.data), expected) === 0, what);
}

function withTimeout(promise, ms, what) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error('timeout: ' + what)), ms))]);
}

module.exports = { SIZES, text, binary, check, sameText, sameBinary, withTimeout };
