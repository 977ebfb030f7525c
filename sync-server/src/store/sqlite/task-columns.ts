import type Database from 'better-sqlite3';
import type { Task } from '@tasklane/shared/domain/task';
import { isCurrentTask, upgradeTask, type AnyTaskVersion } from '@tasklane/shared/domain/task-upgrade';
import { dueSortKey } from '../due-key';
import { nextFireAtOf } from '../next-fire-at';

/** The columns a `tasks` row carries next to its document, for listing and search; always derived from the document. */
export type TaskColumns = {
  status: string;
  createdAt: string;
  deleted: 0 | 1;
  listId: string;
  dueKey: string | null;
  /** [NT7] The earliest fire of its reminders (next-fire-at.ts), written with the document. */
  nextFireAt: string | null;
};

export function taskColumns(content: Omit<Task, 'seq'>): TaskColumns {
  return {
    status: content.status,
    createdAt: content.createdAt,
    deleted: content._deleted ? 1 : 0,
    listId: content.listId,
    dueKey: dueSortKey(content.due),
    nextFireAt: nextFireAtOf(content),
  };
}

/** A stored document as clients see it: an older task upgraded ([DM19], [RM6], [AS2]), a current one as stored. */
export function parseStoredTask(doc: string): Omit<Task, 'seq'> {
  const parsed = JSON.parse(doc) as AnyTaskVersion;
  return isCurrentTask(parsed) ? parsed : upgradeTask(parsed);
}

const FILL_BATCH = 1000;

/**
 * [LS8] Sets `list_id` and `due_key` of the rows written before those columns existed (schema version 3), from
 * each document as it reads once upgraded: a version-1 task is in the Inbox and its key is its upgraded date.
 * Rows without a due keep NULL; documents and seqs are left as they are. In batches by rowid, so that only a
 * batch of documents is in memory at a time.
 */
export function fillTaskColumns(db: Database.Database): void {
  const batch = db.prepare<[number, number], { rowid: number; doc: string }>(
    `SELECT rowid, doc FROM tasks WHERE rowid > ? AND (json_type(doc, '$.dueAt') = 'text' OR json_type(doc, '$.due') = 'object'
       OR json_type(doc, '$.listId') = 'text') ORDER BY rowid LIMIT ?`,
  );
  const update = db.prepare<[string, string | null, number]>('UPDATE tasks SET list_id = ?, due_key = ? WHERE rowid = ?');
  for (let after = 0; ;) {
    const rows = batch.all(after, FILL_BATCH);
    for (const row of rows) {
      const task = parseStoredTask(row.doc);
      update.run(task.listId, dueSortKey(task.due), row.rowid);
    }
    if (rows.length < FILL_BATCH) return;
    after = rows[rows.length - 1]!.rowid;
  }
}
