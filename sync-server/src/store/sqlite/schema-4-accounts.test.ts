import path from 'node:path';
import Database from 'better-sqlite3';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createEmbeddedStore } from './embedded-store';
import { migrateToAccounts } from './schema-4-accounts';
import { SQLITE_SCHEMA_VERSION } from './schema-version';

describe('SQLite schema version 4 (accounts)', () => {
  it('[AC13] the step adds the verified address, the token table and the user index of refresh tokens, and keeps every user and token', () => {
    const db = new Database(':memory:');
    db.exec(`
      CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE refresh_tokens (id TEXT PRIMARY KEY, family_id TEXT NOT NULL, user_id TEXT NOT NULL, expires_at TEXT NOT NULL,
        used_at TEXT, revoked_at TEXT, replaced_by TEXT, family_created_at TEXT);
      INSERT INTO users VALUES ('alice', 'alice@example.com', 'hash', '2026-11-01T00:00:00.000Z');
      INSERT INTO refresh_tokens (id, family_id, user_id, expires_at) VALUES ('t1', 'f1', 'alice', '2026-12-01T00:00:00.000Z');
    `);
    migrateToAccounts(db);
    expect(db.prepare('SELECT * FROM users').all()).toEqual([
      { id: 'alice', email: 'alice@example.com', password_hash: 'hash', created_at: '2026-11-01T00:00:00.000Z', email_verified_at: null },
    ]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM refresh_tokens').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM account_tokens').get()).toEqual({ n: 0 });
    const plan = db
      .prepare<[], { detail: string }>("EXPLAIN QUERY PLAN SELECT family_id FROM refresh_tokens WHERE user_id = 'alice'")
      .all();
    expect(plan.map((step) => step.detail).join(' ')).toContain('refresh_tokens_user');
    db.close();
  });

  it('[AC13] a new file is at version 4 or later, with the step applied once', async () => {
    expect(SQLITE_SCHEMA_VERSION).toBeGreaterThanOrEqual(4);
    const temp = makeTempDir('schema-4');
    try {
      await createEmbeddedStore({ dataDir: temp.dir }).close();
      await createEmbeddedStore({ dataDir: temp.dir }).close();
      const db = new Database(path.join(temp.dir, 'tasklane.sqlite'), { readonly: true });
      const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('users')").all();
      expect(columns.map((column) => column.name)).toContain('email_verified_at');
      expect(db.prepare("SELECT value FROM store_meta WHERE key = 'schema_version'").get()).toEqual({
        value: String(SQLITE_SCHEMA_VERSION),
      });
      db.close();
    } finally {
      temp.remove();
    }
  });
});
