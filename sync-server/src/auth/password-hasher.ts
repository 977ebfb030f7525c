import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { createConcurrencyLimit } from './concurrency-limit';

export type PasswordHasherOptions = { cost: number; blockSize: number; parallelization: number };

/** [AU16] OWASP's scrypt minimum: N=2^17, r=8, p=1 (128 MiB and ~0.3–0.7 s per hash on a small machine). */
export const DEFAULT_SCRYPT_OPTIONS: PasswordHasherOptions = { cost: 2 ** 17, blockSize: 8, parallelization: 1 };
const KEY_LENGTH = 32;
/**
 * At most this many hashes at once per process ([AU16]): each takes 128 MiB at the default cost, and libuv
 * would otherwise run four together (eight simultaneous sign-ins took one process from 83 MB to 607 MB).
 */
export const MAX_CONCURRENT_HASHES = 2;

function scryptUnlimited(password: string, salt: Buffer, options: PasswordHasherOptions): Promise<Buffer> {
  const scryptOptions: ScryptOptions = {
    N: options.cost,
    r: options.blockSize,
    p: options.parallelization,
    // scrypt needs 128·N·r bytes; twice that leaves room for the rest (Node's default cap is 32 MiB).
    maxmem: 256 * options.cost * options.blockSize,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, scryptOptions, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export type PasswordHasher = {
  hash(password: string): Promise<string>;
  verify(password: string, encoded: string): Promise<boolean>;
  /** Spends the same time as a verification, for unknown accounts. */
  burn(password: string): Promise<void>;
  /** True when `encoded` was made with weaker parameters than this hasher's: rehash it at the next sign-in ([AU16]). */
  needsRehash(encoded: string): boolean;
};

function parametersOf(encoded: string): PasswordHasherOptions | null {
  const [scheme, cost, blockSize, parallelization] = encoded.split('$');
  if (scheme !== 'scrypt') return null;
  return { cost: Number(cost), blockSize: Number(blockSize), parallelization: Number(parallelization) };
}

export function createPasswordHasher(
  options: PasswordHasherOptions = DEFAULT_SCRYPT_OPTIONS,
  maxConcurrent = MAX_CONCURRENT_HASHES,
): PasswordHasher {
  const dummySalt = randomBytes(16);
  const limit = createConcurrencyLimit(maxConcurrent);
  const scryptAsync = (password: string, salt: Buffer, parameters: PasswordHasherOptions) =>
    limit(() => scryptUnlimited(password, salt, parameters));
  return {
    async hash(password) {
      const salt = randomBytes(16);
      const key = await scryptAsync(password, salt, options);
      const { cost, blockSize, parallelization } = options;
      return `scrypt$${cost}$${blockSize}$${parallelization}$${salt.toString('base64')}$${key.toString('base64')}`;
    },
    async verify(password, encoded) {
      const [, , , , salt, key] = encoded.split('$');
      const stored = parametersOf(encoded);
      if (!stored || !salt || !key) return false;
      const expected = Buffer.from(key, 'base64');
      const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), stored);
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
    async burn(password) {
      await scryptAsync(password, dummySalt, options);
    },
    needsRehash(encoded) {
      const stored = parametersOf(encoded);
      if (!stored) return true;
      return stored.cost < options.cost || stored.blockSize < options.blockSize || stored.parallelization < options.parallelization;
    },
  };
}
