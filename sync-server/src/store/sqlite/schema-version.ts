import type Database from 'better-sqlite3';
import { fillTaskColumns } from './task-columns';
import { migrateToReminders } from './schema-5-reminders';
import { migrateToAccounts } from './schema-4-accounts';
import { migrateToSharing } from './schema-6-sharing';

type Migration = { version: number; migrate: (db: Database.Database) => void };

/**
 * In order. Each step brings a file from `version - 1` to `version`, runs in the schema set-up's
 * `BEGIN IMMEDIATE` transaction with the version update, and must keep every document and seq as it is
 * (it may fill columns derived from the documents).
 */
const MIGRATIONS: Migration[] = [
  {
    // 2: new rows are queued for search without a NOT EXISTS subquery (measured: a third of a push's per-row SQLite time).
    version: 2,
    migrate(db) {
      // A new row's rowid is new: the guard of version 1 (a subquery per inserted row) is not needed;
      // OR IGNORE only keeps an insert working should a rowid ever be reused while still queued.
      // Updates keep their version-1 trigger, NOT EXISTS guard and all.
      db.exec(`
        DROP TRIGGER IF EXISTS tasks_fts_queue_insert;
        CREATE TRIGGER tasks_fts_queue_insert AFTER INSERT ON tasks BEGIN
          INSERT OR IGNORE INTO tasks_fts_pending (task_rowid) VALUES (new.rowid);
        END;
      `);
    },
  },
  {
    // 3: data model v2 ([LS8]): the list collection, and the columns of the per-list and due listings ([DM23]).
    version: 3,
    migrate(db) {
      // One seq per user across both tables ([LS2]): `lists_user_seq` serves a list pull and the user's MAX(seq).
      // `list_id` defaults to the Inbox, where every version-1 task is; the fill below sets what else differs.
      db.exec(`
        CREATE TABLE lists (
          user_id TEXT NOT NULL,
          id TEXT NOT NULL,
          seq INTEGER NOT NULL,
          deleted INTEGER NOT NULL,
          doc TEXT NOT NULL,
          PRIMARY KEY (user_id, id)
        );
        CREATE UNIQUE INDEX lists_user_seq ON lists (user_id, seq);
        ALTER TABLE tasks ADD COLUMN list_id TEXT NOT NULL DEFAULT 'inbox';
        ALTER TABLE tasks ADD COLUMN due_key TEXT;
        CREATE INDEX tasks_user_list ON tasks (user_id, list_id, deleted, created_at DESC, id DESC);
        CREATE INDEX tasks_user_due ON tasks (user_id, deleted, due_key, id);
      `);
      fillTaskColumns(db);
    },
  },
  { version: 4, migrate: migrateToAccounts }, // account e-mails ([AC13])
  // 5: reminders: the task's next fire time, push subscriptions and reminder deliveries ([NT7], [NT8]).
  { version: 5, migrate: migrateToReminders },
  // 6: shared lists: members, invitations and each user's feed of other spaces' documents ([SH1]).
  { version: 6, migrate: migrateToSharing },
];

/** The layout this release writes: its last step's. Files of releases before versioning carry no version: they are version 1. */
export const SQLITE_SCHEMA_VERSION = MIGRATIONS.reduce((highest, migration) => Math.max(highest, migration.version), 1);

function readSchemaVersion(db: Database.Database): number {
  const row = db.prepare<[], { value: string }>("SELECT value FROM store_meta WHERE key = 'schema_version'").get();
  return row ? Number(row.value) : 1;
}

/**
 * [SW2] Brings the file's layout to SQLITE_SCHEMA_VERSION, step by step, recording the version in
 * `store_meta`. Idempotent, and safe when several processes open the file at once: it runs inside the
 * schema set-up's `BEGIN IMMEDIATE` transaction (schema.ts), so the first process migrates and the
 * others find the new version. A file from a newer release is refused, unchanged.
 */
export function migrateSqliteSchema(db: Database.Database): void {
  const found = readSchemaVersion(db);
  if (!Number.isSafeInteger(found) || found < 1) throw new Error('the SQLite file has an unreadable schema_version in store_meta');
  if (found > SQLITE_SCHEMA_VERSION) {
    throw new Error(
      `the SQLite file has schema version ${found}, newer than this release's ${SQLITE_SCHEMA_VERSION}: run the release that wrote it, or a newer one`,
    );
  }
  const setVersion = db.prepare(
    "INSERT INTO store_meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  for (const migration of MIGRATIONS) {
    if (migration.version <= found) continue;
    migration.migrate(db);
    setVersion.run(String(migration.version));
  }
}
