import type Database from 'better-sqlite3';

export const END_WORKER_TITLE = 'this push ends the store worker thread';

/**
 * Loaded into the store worker as its connection hook: inserting a task with END_WORKER_TITLE ends
 * the worker thread in the middle of the push's transaction, as a fatal error in the thread would.
 */
export function onConnectionOpen(db: Database.Database): void {
  db.function('end_worker_thread', () => process.exit(70));
  db.exec(`CREATE TEMP TRIGGER end_worker_thread BEFORE INSERT ON main.tasks
           WHEN json_extract(NEW.doc, '$.title') = '${END_WORKER_TITLE}'
           BEGIN SELECT end_worker_thread(); END`);
}
