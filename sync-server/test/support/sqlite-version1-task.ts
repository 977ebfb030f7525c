import path from 'node:path';
import Database from 'better-sqlite3';
import type { TaskV1 } from '@tasklane/shared/domain/task-upgrade';
import { fillTaskColumns } from '../../src/store/sqlite/task-columns';
import type { Version1TaskWriter } from '../../src/store/version1-store-contract';

/**
 * [LS4] A task row as a release before data model v2 wrote it (its columns then, a version-1 document), through a
 * connection of its own to the store's file, followed by the column fill of the schema upgrade ([LS8]).
 */
export function sqliteVersion1TaskWriter(dataDir: string, fileName = 'tasklane.sqlite'): Version1TaskWriter {
  return (userId: string, task: TaskV1, seq: number) => {
    const db = new Database(path.join(dataDir, fileName), { timeout: 10_000 });
    try {
      db.prepare('INSERT INTO tasks (user_id, id, seq, status, created_at, deleted, doc) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        userId,
        task.id,
        seq,
        task.status,
        task.createdAt,
        task._deleted ? 1 : 0,
        JSON.stringify(task),
      );
      fillTaskColumns(db);
    } finally {
      db.close();
    }
    return Promise.resolve();
  };
}
