import type Database from 'better-sqlite3';
import type { StoredTaskList } from '@tasklane/shared/domain/task-list';
import { decodePageCursor, encodePageCursor } from '../page-cursor';
import type { StoredTaskText } from '../push-decision';
import type { ListPage, ListQuery } from '../store';

type Params = Record<string, string | number>;

/**
 * [LS7] `listLists` on SQLite: the user's lists in their manual order (`order`, then `id`, [DM17]), tombstones only
 * when asked for. A user holds few lists, so the order is read from the documents rather than kept in a column.
 */
export function createListListing(
  db: Database.Database,
  toStoredList: (row: StoredTaskText) => StoredTaskList,
): (userId: string, query: ListQuery) => ListPage {
  const order = "json_extract(doc, '$.order')";
  const statement = (withDeleted: boolean, withCursor: boolean) =>
    db.prepare<Params, StoredTaskText>(
      `SELECT seq, doc FROM lists WHERE user_id = @userId${withDeleted ? '' : ' AND deleted = 0'}
       ${withCursor ? `AND (${order} > @order OR (${order} = @order AND id > @id))` : ''}
       ORDER BY ${order}, id LIMIT @limit`,
    );
  const statements = [statement(false, false), statement(false, true), statement(true, false), statement(true, true)];

  return (userId, query) => {
    const params: Params = { userId, limit: query.limit + 1 };
    if (query.cursor !== undefined) {
      const cursor = decodePageCursor('order', query.cursor);
      params.order = cursor.order;
      params.id = cursor.id;
    }
    const rows = statements[(query.includeDeleted ? 2 : 0) + (query.cursor !== undefined ? 1 : 0)]!.all(params);
    const lists = rows.slice(0, query.limit).map(toStoredList);
    const last = lists[lists.length - 1];
    const nextCursor = rows.length > query.limit && last ? encodePageCursor('order', { order: last.order, id: last.id }) : null;
    return { lists, nextCursor };
  };
}
