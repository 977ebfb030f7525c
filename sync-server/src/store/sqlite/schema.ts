import type Database from 'better-sqlite3';
import { migrateSqliteSchema } from './schema-version';
import { ensureSqliteGeneration, STORE_META_SQL } from './store-generation';

/** Idempotent: several server processes may open the same file at once. */
const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tasks (
  user_id TEXT NOT NULL,
  id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  deleted INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (user_id, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS tasks_user_seq ON tasks (user_id, seq);
CREATE INDEX IF NOT EXISTS tasks_user_created ON tasks (user_id, deleted, created_at DESC, id DESC);
CREATE VIRTUAL TABLE IF NOT EXISTS tasks_fts USING fts5 (
  title, description, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
-- Search text is indexed after the write, in batches (see search-indexer.ts): a push only queues the row.
-- New rows are queued by the trigger tasks_fts_queue_insert of schema-version.ts.
CREATE TABLE IF NOT EXISTS tasks_fts_pending (task_rowid INTEGER PRIMARY KEY);
DROP TRIGGER IF EXISTS tasks_fts_insert;
DROP TRIGGER IF EXISTS tasks_fts_update;
-- The update trigger keeps its NOT EXISTS guard from version 1 (the insert trigger no longer needs one, [SW3]).
CREATE TRIGGER IF NOT EXISTS tasks_fts_queue_update AFTER UPDATE OF doc ON tasks BEGIN
  INSERT INTO tasks_fts_pending (task_rowid)
  SELECT new.rowid WHERE NOT EXISTS (SELECT 1 FROM tasks_fts_pending WHERE task_rowid = new.rowid);
END;
CREATE TABLE IF NOT EXISTS refresh_tokens (
  id TEXT PRIMARY KEY,
  family_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  revoked_at TEXT,
  replaced_by TEXT,
  family_created_at TEXT
);
CREATE INDEX IF NOT EXISTS refresh_tokens_family ON refresh_tokens (family_id);
`;

/** Idempotent, so a retry after a lock error starts over (see open-sqlite-database.ts, which sets the busy timeout). */
export function applySqliteSchema(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  // FULL: an acknowledged write survives power loss, not only a process crash
  // (measured: NORMAL is no faster here, so there is nothing to trade).
  db.pragma('synchronous = FULL');
  // 64 MiB of page cache: ids of older clients (UUID v4) and of idempotent REST creates (v5) are random, so their
  // index inserts touch pages all over the tree (the PWA's UUID v7 ids append, [SW1]).
  db.pragma('cache_size = -65536');
  // [SW5] Sub-journals of the group commit's savepoints (and statement journals) in memory, not in temporary
  // files: each page a savepoint first touches is copied there, and a file made that a write system call.
  db.pragma('temp_store = MEMORY');
  db.transaction(() => {
    db.exec(SCHEMA_SQL);
    db.exec(STORE_META_SQL);
    ensureSqliteGeneration(db);
    migrateSqliteSchema(db);
    // Files created before refresh-token retries existed lack this column.
    const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('refresh_tokens')").all();
    if (!columns.some((column) => column.name === 'replaced_by')) db.exec('ALTER TABLE refresh_tokens ADD COLUMN replaced_by TEXT');
    // ... and this one, from before families had an absolute lifetime ([AU11]).
    if (!columns.some((column) => column.name === 'family_created_at')) {
      db.exec('ALTER TABLE refresh_tokens ADD COLUMN family_created_at TEXT');
    }
  }).immediate();
}
