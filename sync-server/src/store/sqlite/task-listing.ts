import type Database from 'better-sqlite3';
import type { StoredTask } from '@tasklane/shared/domain/task';
import type { TaskListPage } from '@tasklane/shared/domain/task-list-page';
import { decodePageCursor, encodePageCursor } from '../page-cursor';
import type { TaskListQuery } from '../store';
import { toFtsPrefixQuery } from './fts-query';
import type { SearchIndexer } from './search-indexer';

type ListedRow = { seq: number; doc: string; id: string; createdAt: string; dueKey: string | null };
type Params = Record<string, string | number>;

/**
 * `listTasks` on SQLite: newest first by (created_at, id), or — with `dueBefore` — the open tasks whose due sort key
 * is before it, by (due_key, id) on the index `tasks_user_due` ([DM23], [LS6]). Filters by status, list
 * (`list_id`, [LS5]), assignee ([AS5]) and search text combine with either order; each page ends with a cursor of its order.
 */
export function createTaskListing(
  db: Database.Database,
  searchIndexer: SearchIndexer,
  toStoredTask: (row: { seq: number; doc: string }) => StoredTask,
): (userId: string, query: TaskListQuery) => TaskListPage {
  // A handful of filter combinations, each prepared once.
  const prepared = new Map<string, Database.Statement<Params, ListedRow>>();
  const statement = (sql: string) => {
    let found = prepared.get(sql);
    if (!found) prepared.set(sql, (found = db.prepare<Params, ListedRow>(sql)));
    return found;
  };

  const sharesAny = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM list_members WHERE user_id = ? LIMIT 1');

  return (userId, query) => {
    const byDue = query.dueBefore !== undefined;
    const where: string[] = [];
    const params: Params = { userId, limit: query.limit + 1 };
    if (query.dueBefore !== undefined) {
      // Open tasks only: tombstones and done tasks are never due, whatever includeDeleted says.
      where.push('t.deleted = 0', "t.status <> 'done'", 't.due_key < @dueBefore');
      params.dueBefore = query.dueBefore;
    } else if (!query.includeDeleted) where.push('t.deleted = 0');
    if (query.status) {
      where.push('t.status = @status');
      params.status = query.status;
    }
    if (query.listId !== undefined) {
      where.push('t.list_id = @listId');
      params.listId = query.listId;
    }
    if (query.assignee !== undefined) {
      // [AS5] No column of its own: the filter narrows the user's rows the order's index already reads.
      where.push("json_extract(t.doc, '$.assignee') = @assignee");
      params.assignee = query.assignee;
    }
    if (query.q !== undefined) {
      searchIndexer.flush();
      const match = toFtsPrefixQuery(query.q);
      if (match === null) return { tasks: [], nextCursor: null };
      where.push('t.rowid IN (SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH @match)');
      params.match = match;
    }
    if (query.cursor !== undefined && byDue) {
      const cursor = decodePageCursor('due', query.cursor);
      // A row value, so the index seeks to the position instead of rescanning every row with an equal key ([LR16]).
      where.push('(t.due_key, t.id) > (@cursorKey, @cursorId)');
      params.cursorKey = cursor.dueKey;
      params.cursorId = cursor.id;
    } else if (query.cursor !== undefined) {
      const cursor = decodePageCursor('created', query.cursor);
      where.push('(t.created_at, t.id) < (@cursorCreatedAt, @cursorId)');
      params.cursorCreatedAt = cursor.createdAt;
      params.cursorId = cursor.id;
    }
    const order = byDue ? 't.due_key ASC, t.id ASC' : 't.created_at DESC, t.id DESC';
    const filters = where.map((condition) => ` AND ${condition}`).join('');
    const own = `SELECT t.seq, t.doc, t.id, t.created_at AS createdAt, t.due_key AS dueKey FROM tasks t
       WHERE t.user_id = @userId${filters} ORDER BY ${order} LIMIT @limit`;
    // [SH1] The tasks of lists shared with the user too, under the seq they hold them by; each part keeps its index
    // order and limit, and only the two pages are merged. Users who share nothing run the first part alone.
    const sql =
      sharesAny.get(userId) === undefined
        ? own
        : `SELECT * FROM (${own}) UNION ALL SELECT * FROM (
             SELECT f.seq, t.doc, t.id, t.created_at AS createdAt, t.due_key AS dueKey FROM list_members m
               JOIN tasks t ON t.user_id = m.owner_id AND t.list_id = m.list_id
               JOIN feed f ON f.user_id = @userId AND f.kind = 't' AND f.doc_id = t.id AND f.space = t.user_id AND f.visible = 1
             WHERE m.user_id = @userId${filters} ORDER BY ${order} LIMIT @limit)
           ORDER BY ${byDue ? 'dueKey ASC, id ASC' : 'createdAt DESC, id DESC'} LIMIT @limit`;
    const rows = statement(sql).all(params);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    let nextCursor: string | null = null;
    if (rows.length > query.limit && last) {
      nextCursor = byDue
        ? encodePageCursor('due', { dueKey: last.dueKey ?? '', id: last.id })
        : encodePageCursor('created', { createdAt: last.createdAt, id: last.id });
    }
    return { tasks: page.map(toStoredTask), nextCursor };
  };
}
