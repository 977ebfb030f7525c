import type Database from 'better-sqlite3';
import { nextFireAtOf } from '../next-fire-at';
import { parseStoredTask } from './task-columns';

/**
 * Schema version 5 ([NT7], [NT8]): the task's next fire time with a partial index (only rows with a reminder to fire
 * are in it, so the notifier's poll never meets the others), push subscriptions, and one delivery record per fire and
 * subscription (the claim with its lease; unique, so a fire is sent at most once per subscription).
 */
export function migrateToReminders(db: Database.Database): void {
  db.exec(`
    ALTER TABLE tasks ADD COLUMN next_fire_at TEXT;
    CREATE INDEX tasks_next_fire ON tasks (next_fire_at) WHERE next_fire_at IS NOT NULL;
    CREATE TABLE push_subscriptions (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      endpoint TEXT NOT NULL UNIQUE,
      p256dh TEXT NOT NULL,
      auth TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id, updated_at);
    CREATE TABLE reminder_deliveries (
      id INTEGER PRIMARY KEY,
      user_id TEXT NOT NULL,
      task_id TEXT NOT NULL,
      reminder_id TEXT NOT NULL,
      fire_at TEXT NOT NULL,
      subscription_id TEXT NOT NULL,
      state TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT NOT NULL,
      owner TEXT,
      finished_at TEXT,
      UNIQUE (user_id, task_id, reminder_id, fire_at, subscription_id)
    );
    CREATE INDEX reminder_deliveries_pending ON reminder_deliveries (next_attempt_at) WHERE state = 'pending';
    CREATE INDEX reminder_deliveries_subscription ON reminder_deliveries (subscription_id);
    CREATE INDEX reminder_deliveries_fire ON reminder_deliveries (fire_at);
  `);
  // Rows written before this version carry no next fire time; only documents with reminders can have one.
  const rows = db
    .prepare<[], { rowid: number; doc: string }>(
      "SELECT rowid, doc FROM tasks WHERE json_type(doc, '$.reminders') = 'array' AND json_array_length(doc, '$.reminders') > 0",
    )
    .all();
  const update = db.prepare<[string | null, number]>('UPDATE tasks SET next_fire_at = ? WHERE rowid = ?');
  for (const row of rows) update.run(nextFireAtOf(parseStoredTask(row.doc)), row.rowid);
}
