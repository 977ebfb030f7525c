import path from 'node:path';
import Database from 'better-sqlite3';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { PRUNE_AFTER_EXPIRY_MS } from './account-tokens';
import { createEmbeddedStore } from './embedded-store';

const HOUR_MS = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('one-time tokens on SQLite', () => {
  it('[AC20] writing a token removes the tokens that expired more than a day before it, spent or not', async () => {
    const temp = makeTempDir('account-tokens');
    const store = createEmbeddedStore({ dataDir: temp.dir });
    try {
      const userId = 'u1';
      await store.createUser({ id: userId, email: 'u1@example.com', passwordHash: 'x', createdAt: iso(0) });
      const start = Date.UTC(2026, 11, 1);
      const issue = async (tokenHash: string, createdAtMs: number) =>
        store.insertOneTimeToken({
          tokenHash,
          userId,
          purpose: 'password-reset',
          email: 'u1@example.com',
          createdAt: iso(createdAtMs),
          expiresAt: iso(createdAtMs + HOUR_MS),
        });
      await issue('spent', start);
      await store.spendOneTimeToken('spent', 'password-reset', iso(start + 1000));
      await issue('unused', start);
      await issue('recent', start + PRUNE_AFTER_EXPIRY_MS);
      // Both first tokens expired at start + 1 h; a token written a day after that, and a moment later, removes them.
      await issue('later', start + HOUR_MS + PRUNE_AFTER_EXPIRY_MS + 1);

      const db = new Database(path.join(temp.dir, 'tasklane.sqlite'), { readonly: true });
      try {
        const left = db.prepare<[], { token_hash: string }>('SELECT token_hash FROM account_tokens ORDER BY token_hash').all();
        expect(left.map((row) => row.token_hash)).toEqual(['later', 'recent']);
      } finally {
        db.close();
      }
    } finally {
      await store.close();
      temp.remove();
    }
  });
});
