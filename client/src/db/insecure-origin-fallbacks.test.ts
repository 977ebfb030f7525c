import { createHash } from 'node:crypto';
import { newTaskId } from '@tasklane/shared/domain/task-id';
import { sha256HexOf } from './sha256';
import { sha256Hex } from './sha256-hex';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Runs `body` with `crypto` as a plain-HTTP page sees it: no `subtle`, no `randomUUID`. */
async function onInsecureOrigin<T>(body: () => Promise<T> | T): Promise<T> {
  const secure = globalThis.crypto;
  const insecure = { getRandomValues: secure.getRandomValues.bind(secure) };
  Object.defineProperty(globalThis, 'crypto', { value: insecure, configurable: true });
  try {
    return await body();
  } finally {
    Object.defineProperty(globalThis, 'crypto', { value: secure, configurable: true });
  }
}

describe('on a plain-HTTP address (no crypto.subtle, no randomUUID)', () => {
  it('[PX6] RxDB hashes give the same SHA-256 digests as on a secure origin', async () => {
    const inputs = ['', 'tasklane', 'ünïcödé ✓ 🚀', 'x'.repeat(10_000)];
    const secure = await Promise.all(inputs.map(sha256Hex));
    const insecure = await onInsecureOrigin(() => Promise.all(inputs.map(sha256Hex)));
    expect(insecure).toEqual(secure);
    expect(insecure).toEqual(inputs.map((input) => createHash('sha256').update(input, 'utf8').digest('hex')));
  });

  it('[PX6] the JS SHA-256 is SHA-256 for every length around the 64-byte blocks and their length field', () => {
    for (let length = 0; length <= 200; length += 1) {
      const bytes = Uint8Array.from({ length }, (_, index) => (index * 151 + length * 7) % 256);
      expect(sha256HexOf(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('[PX6] new task ids are UUID v7s ([SW1]) made from getRandomValues', async () => {
    const ids = await onInsecureOrigin(() => Array.from({ length: 1_000 }, newTaskId));
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
