// The messages of the permessage-deflate tests, built from their names exactly as
// DeflatePayloads builds them on the Java side, so neither end ships megabytes to the other.
//
// A name is <text|binary>-<compressible|random>-<bytes>[-<anything>]: text is ASCII, so its
// length in bytes is its length in characters; a suffix only tells repeats apart.
'use strict';

const SENTENCE = 'Ippo compresses this sentence, and the next, and the one after it. ';

/** SENTENCE over and over, cut at n bytes. */
function compressibleText(n) {
  return Buffer.from(SENTENCE.repeat(Math.ceil(n / SENTENCE.length)).slice(0, n), 'latin1');
}

/** Byte i is (i * 31 + 7) mod 256, as InteropData.pattern: a 256-byte cycle. */
function pattern(n) {
  const bytes = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) bytes[i] = (i * 31 + 7) & 0xff;
  return bytes;
}

/** xorshift32 seeded from n; as text, printable ASCII (0x20 to 0x7e). */
function random(n, text) {
  const bytes = Buffer.allocUnsafe(n);
  let x = Math.imul(n, 0x9e3779b1) | 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = text ? 0x20 + ((x & 0xff) % 95) : x & 0xff;
  }
  return bytes;
}

/** { data: Buffer, binary: boolean } for a message name. */
function payload(name) {
  const [kind, shape, size] = name.split('-');
  const n = Number(size);
  const text = kind === 'text';
  if ((!text && kind !== 'binary') || !Number.isInteger(n)) throw new Error(`bad name ${name}`);
  if (shape === 'random') return { data: random(n, text), binary: !text };
  if (shape === 'compressible') {
    return { data: text ? compressibleText(n) : pattern(n), binary: !text };
  }
  throw new Error(`bad name ${name}`);
}

module.exports = { payload };
