import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export type PasswordHasherOptions = { cost: number; blockSize: number; parallelization: number };

/** OWASP's scrypt minimum is N=2^17 with r=8; 2^15 keeps a login near 100 ms on small machines. */
export const DEFAULT_SCRYPT_OPTIONS: PasswordHasherOptions = { cost: 2 ** 15, blockSize: 8, parallelization: 1 };
const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer, options: PasswordHasherOptions): Promise<Buffer> {
  const scryptOptions: ScryptOptions = {
    N: options.cost,
    r: options.blockSize,
    p: options.parallelization,
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
};

export function createPasswordHasher(options: PasswordHasherOptions = DEFAULT_SCRYPT_OPTIONS): PasswordHasher {
  const dummySalt = randomBytes(16);
  return {
    async hash(password) {
      const salt = randomBytes(16);
      const key = await scryptAsync(password, salt, options);
      const { cost, blockSize, parallelization } = options;
      return `scrypt$${cost}$${blockSize}$${parallelization}$${salt.toString('base64')}$${key.toString('base64')}`;
    },
    async verify(password, encoded) {
      const [scheme, cost, blockSize, parallelization, salt, key] = encoded.split('$');
      if (scheme !== 'scrypt' || !salt || !key) return false;
      const expected = Buffer.from(key, 'base64');
      const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), {
        cost: Number(cost),
        blockSize: Number(blockSize),
        parallelization: Number(parallelization),
      });
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
    async burn(password) {
      await scryptAsync(password, dummySalt, options);
    },
  };
}
