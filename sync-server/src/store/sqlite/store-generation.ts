import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';

export const STORE_META_SQL = `
CREATE TABLE IF NOT EXISTS store_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

/**
 * [G1] Gives the file its generation the first time it is set up and keeps it for ever after.
 * Runs inside the schema set-up's `BEGIN IMMEDIATE` transaction, so processes opening a new
 * file at once agree on one value. Deleting the row (after restoring a backup, see
 * docs/operations.md) makes the next start create a new one.
 */
export function ensureSqliteGeneration(db: Database.Database): void {
  db.prepare("INSERT INTO store_meta (key, value) VALUES ('generation', ?) ON CONFLICT (key) DO NOTHING").run(randomUUID());
}

export function readSqliteGeneration(db: Database.Database): string {
  const row = db.prepare<[], { value: string }>("SELECT value FROM store_meta WHERE key = 'generation'").get();
  if (!row) throw new Error('the SQLite file has no store generation: its schema set-up did not run');
  return row.value;
}
