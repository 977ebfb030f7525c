/** rand_a (12 bits) counts the ids of one millisecond (RFC 9562 §6.2, method 1). */
const COUNTER_MAX = 0xfff;
/** A millisecond's counter starts at a random value with its top bit clear: at least 2,048 ids before it overflows. */
const COUNTER_START_MASK = 0x7ff;

export type TaskIdSource = {
  /** Milliseconds since the Unix epoch. */
  now: () => number;
  /** Fills the array with cryptographically strong random bytes. */
  fillRandom: (bytes: Uint8Array<ArrayBuffer>) => void;
};

/** Web Crypto as browsers and Node >= 19 both expose it (shared/ declares no DOM or Node types). */
const webCrypto = (globalThis as unknown as { crypto: { getRandomValues(bytes: Uint8Array<ArrayBuffer>): Uint8Array } }).crypto;

export const defaultTaskIdSource: TaskIdSource = {
  now: () => Date.now(),
  // `getRandomValues` exists on every origin; `randomUUID` only on secure ones ([PX6]).
  fillRandom: (bytes) => webCrypto.getRandomValues(bytes),
};

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * [SW1] Task ids are UUID v7 (RFC 9562): 48 bits of Unix milliseconds, then a per-millisecond counter,
 * then 62 random bits. Ids made later sort later, so the server's indexes grow at their end instead of
 * at random places (docs/benchmarks.md). Within one generator they strictly increase, also for ids made
 * in the same millisecond (the counter) and when the clock steps back (the last timestamp is kept; a
 * counter that overflows moves it one millisecond ahead).
 */
export function createTaskIdGenerator(source: TaskIdSource = defaultTaskIdSource): () => string {
  let lastMs = -1;
  let counter = 0;
  return () => {
    const bytes = new Uint8Array(16);
    source.fillRandom(bytes);
    const randomCounter = ((bytes[6]! << 8) | bytes[7]!) & COUNTER_START_MASK;
    const now = source.now();
    if (now > lastMs) {
      lastMs = now;
      counter = randomCounter;
    } else if (counter < COUNTER_MAX) {
      counter += 1;
    } else {
      lastMs += 1;
      counter = randomCounter;
    }
    // 48-bit big-endian timestamp; bitwise operators work on 32 bits only, so split it arithmetically.
    const high = Math.floor(lastMs / 2 ** 32);
    const low = lastMs >>> 0;
    bytes[0] = (high >>> 8) & 0xff;
    bytes[1] = high & 0xff;
    bytes[2] = low >>> 24;
    bytes[3] = (low >>> 16) & 0xff;
    bytes[4] = (low >>> 8) & 0xff;
    bytes[5] = low & 0xff;
    bytes[6] = 0x70 | (counter >>> 8);
    bytes[7] = counter & 0xff;
    bytes[8] = 0x80 | (bytes[8]! & 0x3f);
    return toHex(bytes);
  };
}

/** A new task id: a UUID v7 ([SW1]). */
export const newTaskId: () => string = createTaskIdGenerator();
