import path from 'node:path';
import Database from 'better-sqlite3';
import type { StoredTask } from '@tasklane/shared/domain/task';
import type { StoredTaskList } from '@tasklane/shared/domain/task-list';
import type { ServerCheckpoint } from '@tasklane/shared/protocol/checkpoint';
import type { TestSocket } from '@tasklane/testkit/sync-socket';

/**
 * Every `table.column` of the SQLite file in DATA_DIR whose value (read as text, case-insensitively) contains one of
 * `needles`, with its row count. Tables come from sqlite_master, so tables added later are searched too; FTS shadow
 * tables hold only the index's blobs and are searched like the rest.
 */
export function textColumnsMentioning(dataDir: string, needles: string[]): Record<string, number> {
  const db = new Database(path.join(dataDir, 'tasklane.sqlite'), { readonly: true });
  try {
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%VIRTUAL%'",
      )
      .all();
    const found: Record<string, number> = {};
    for (const { name } of tables) {
      const columns = db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${name}')`).all();
      for (const { name: column } of columns) {
        for (const needle of needles) {
          const { n } = db
            .prepare<[string], { n: number }>(
              `SELECT COUNT(*) AS n FROM "${name}" WHERE instr(lower(CAST("${column}" AS TEXT)), lower(?)) > 0`,
            )
            .get(needle)!;
          if (n > 0) found[`${name}.${column}`] = (found[`${name}.${column}`] ?? 0) + n;
        }
      }
    }
    return found;
  } finally {
    db.close();
  }
}

type Collection = { tasks: StoredTask; lists: StoredTaskList };

/** Pulls one collection from `checkpoint` until empty, as a device syncing on does: every document it receives, tombstones too. */
export async function pullFrom<C extends keyof Collection>(
  socket: TestSocket,
  collection: C,
  checkpoint: ServerCheckpoint | null,
): Promise<{ documents: Collection[C][]; checkpoint: ServerCheckpoint | null }> {
  const documents = new Map<string, Collection[C]>();
  let at = checkpoint;
  for (;;) {
    const answer =
      collection === 'lists' ? await socket.pullLists({ checkpoint: at, limit: 100 }) : await socket.pull({ checkpoint: at, limit: 100 });
    if (!answer.ok) throw new Error(`pull failed: ${JSON.stringify(answer.error)}`);
    if (answer.data.documents.length === 0) break;
    for (const doc of answer.data.documents as Collection[C][]) documents.set(doc.id, doc);
    at = answer.data.checkpoint;
  }
  return { documents: [...documents.values()], checkpoint: at };
}
