import type Database from 'better-sqlite3';

/** The layout this release writes. Files of releases before versioning carry no version: they are version 1. */
export const SQLITE_SCHEMA_VERSION = 2;

type Migration = { version: number; migrate: (db: Database.Database) => void };

/**
 * In order. Each step brings a file from `version - 1` to `version`, runs in the schema set-up's
 * `BEGIN IMMEDIATE` transaction with the version update, and must keep every row as it is.
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
];

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
