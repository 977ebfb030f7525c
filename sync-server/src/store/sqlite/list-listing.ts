import type Database from 'better-sqlite3';
import type { StoredTaskList } from '@tasklane/shared/domain/task-list';
import { decodePageCursor, encodePageCursor } from '../page-cursor';
import type { StoredTaskText } from '../push-decision';
import type { ListPage, ListQuery } from '../store';

type Params = Record<string, string | number>;

/**
 * [LS7] `listLists` on SQLite: the user's lists (their own and those shared with them) in their manual order (`order`, then `id`, [DM17]), tombstones only
 * when asked for. A user holds few lists, so the order is read from the documents rather than kept in a column.
 */
export function createListListing(
  db: Database.Database,
  toStoredList: (row: StoredTaskText) => StoredTaskList,
): (userId: string, query: ListQuery) => ListPage {
  const order = "json_extract(doc, '$.order')";
  // [SH1] The user's own lists and those shared with them (under the seq they hold them by), in one manual order.
  const statement = (withDeleted: boolean, withCursor: boolean) =>
    db.prepare<Params, StoredTaskText>(
      `SELECT seq, doc FROM (
         SELECT seq, doc, id, deleted FROM lists WHERE user_id = @userId
         UNION ALL
         SELECT f.seq, l.doc, l.id, l.deleted FROM list_members m
           JOIN lists l ON l.user_id = m.owner_id AND l.id = m.list_id
           JOIN feed f ON f.user_id = @userId AND f.kind = 'l' AND f.doc_id = l.id AND f.space = l.user_id AND f.visible = 1
         WHERE m.user_id = @userId)
       WHERE 1 = 1${withDeleted ? '' : ' AND deleted = 0'}
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
