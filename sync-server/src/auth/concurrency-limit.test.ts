import { createConcurrencyLimit } from './concurrency-limit';
import { createPasswordHasher } from './password-hasher';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('concurrency limit', () => {
  it('[AU16] runs at most max tasks at once, first come first served, and every task completes (also after a failure)', async () => {
    const limit = createConcurrencyLimit(2);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const results = await Promise.allSettled(
      Array.from({ length: 7 }, (_, i) =>
        limit(async () => {
          started.push(i);
          active += 1;
          peak = Math.max(peak, active);
          await tick();
          active -= 1;
          if (i === 3) throw new Error('task 3 fails');
          return i;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
  });

  it('[AU16] a hasher limited to one hash at a time still hashes and verifies every password given at once', async () => {
    const hasher = createPasswordHasher({ cost: 2 ** 10, blockSize: 8, parallelization: 1 }, 1);
    const passwords = Array.from({ length: 5 }, (_, i) => `password number ${i}`);
    const hashes = await Promise.all(passwords.map((password) => hasher.hash(password)));
    expect(await Promise.all(passwords.map((password, i) => hasher.verify(password, hashes[i]!)))).toEqual([true, true, true, true, true]);
  });
});
