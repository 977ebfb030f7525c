import { createPasswordHasher, DEFAULT_SCRYPT_OPTIONS } from './password-hasher';

describe('password hasher', () => {
  it("[AU16] hashes with OWASP's scrypt minimum by default (N=2^17, r=8, p=1) within its memory cap", async () => {
    expect(DEFAULT_SCRYPT_OPTIONS).toEqual({ cost: 2 ** 17, blockSize: 8, parallelization: 1 });
    const hasher = createPasswordHasher();
    const encoded = await hasher.hash('correct horse battery');
    expect(encoded).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await hasher.verify('correct horse battery', encoded)).toBe(true);
    expect(await hasher.verify('wrong horse battery', encoded)).toBe(false);
  });

  it('[AU16] asks for a rehash only of hashes made with weaker parameters, never to weaken one', async () => {
    const old = createPasswordHasher({ cost: 2 ** 10, blockSize: 8, parallelization: 1 });
    const current = createPasswordHasher({ cost: 2 ** 11, blockSize: 8, parallelization: 1 });
    const oldHash = await old.hash('correct horse battery');
    const currentHash = await current.hash('correct horse battery');
    expect(current.needsRehash(oldHash)).toBe(true);
    expect(current.needsRehash(currentHash)).toBe(false);
    expect(old.needsRehash(currentHash)).toBe(false);
    expect(current.needsRehash('bcrypt$whatever')).toBe(true);
    expect(await current.verify('correct horse battery', oldHash)).toBe(true);
  });
});
