/**
 * SHA-256 (FIPS 180-4) in plain JS, for pages without `crypto.subtle` ([PX6]): RxDB's hashes must be the same
 * digests there. A few hundred bytes instead of a hashing library's several kilobytes (docs/client.md, size budgets);
 * `insecure-origin-fallbacks.test.ts` checks it against Node's SHA-256 on every length around the block boundaries.
 */

/** The first 32 bits of the fractional parts of the square roots (initial hash) and cube roots (round constants) of the primes. */
const INITIAL = new Uint32Array(8);
const K = new Uint32Array(64);
for (let candidate = 2, found = 0; found < 64; candidate += 1) {
  if (Array.from({ length: candidate - 2 }, (_, index) => index + 2).some((divisor) => candidate % divisor === 0)) continue;
  if (found < 8) INITIAL[found] = (candidate ** (1 / 2) % 1) * 2 ** 32;
  K[found] = (candidate ** (1 / 3) % 1) * 2 ** 32;
  found += 1;
}

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

type Words = [number, number, number, number, number, number, number, number];

/** The SHA-256 digest of `bytes`, as lower-case hex. */
export function sha256HexOf(bytes: Uint8Array): string {
  // the message, a 1 bit, zeros, and its length in bits (big-endian, 64 bits), in whole 64-byte blocks
  const blocks = Math.ceil((bytes.length + 9) / 64);
  const padded = new Uint8Array(blocks * 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bytes.length / 0x20000000));
  view.setUint32(padded.length - 4, bytes.length * 8);
  const hash = INITIAL.slice();
  const w = new Uint32Array(64);
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let t = 0; t < 16; t += 1) w[t] = view.getUint32(offset + t * 4);
    for (let t = 16; t < 64; t += 1) {
      const s0 = rotr(w[t - 15]!, 7) ^ rotr(w[t - 15]!, 18) ^ (w[t - 15]! >>> 3);
      const s1 = rotr(w[t - 2]!, 17) ^ rotr(w[t - 2]!, 19) ^ (w[t - 2]! >>> 10);
      w[t] = w[t - 16]! + s0 + w[t - 7]! + s1;
    }
    let [a, b, c, d, e, f, g, h] = Array.from(hash) as Words;
    for (let t = 0; t < 64; t += 1) {
      const t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t]! + w[t]!;
      const t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      [h, g, f, e, d, c, b, a] = [g, f, e, (d + t1) | 0, c, b, a, (t1 + t2) | 0];
    }
    [a, b, c, d, e, f, g, h].forEach((value, index) => (hash[index] = hash[index]! + value));
  }
  return Array.from(hash, (word) => word.toString(16).padStart(8, '0')).join('');
}
