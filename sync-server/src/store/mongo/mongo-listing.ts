import type { Filter } from 'mongodb';
import type { StoredTask } from '@tasklane/shared/domain/task';
import { INBOX_LIST_ID, type StoredTaskList } from '@tasklane/shared/domain/task-list';
import type { TaskListPage } from '@tasklane/shared/domain/task-list-page';
import { decodePageCursor, encodePageCursor } from '../page-cursor';
import type { ListPage, ListQuery, TaskListQuery } from '../store';
import {
  fromTaskDocument,
  LIST_PROJECTION,
  TASK_PROJECTION,
  type ListDocument,
  type MongoCollections,
  type TaskDocument,
} from './collections';
import { searchWords } from './search';

type Timed = { maxTimeMS: number };

/** TASK_PROJECTION, keeping `dueKey` for the cursor of a due listing (an exclusion projection cannot include a field). */
const { dueKey: _dueKey, ...TASK_PROJECTION_WITH_DUE_KEY } = TASK_PROJECTION;

/**
 * `listTasks` on MongoDB, read at majority: newest first by (createdAt, id), or — with `dueBefore` — the open tasks
 * whose `dueKey` is before it, by (dueKey, id) on the index `tasks_user_due` ([DM23], [LS6]). Status, list ([LS5]),
 * assignee ([AS5]) and search filters combine with either order.
 */
export async function listMongoTasks(
  { committedTasks }: Pick<MongoCollections, 'committedTasks'>,
  timed: Timed,
  userId: string,
  query: TaskListQuery,
): Promise<TaskListPage> {
  const byDue = query.dueBefore !== undefined;
  const filter: Filter<TaskDocument> = { userId };
  const and: Filter<TaskDocument>[] = [];
  if (query.dueBefore !== undefined) {
    // Open tasks only: tombstones and done tasks are never due. `$lt` on a string skips null and absent keys.
    filter._deleted = false;
    and.push({ status: { $ne: 'done' } }, { dueKey: { $lt: query.dueBefore } });
  } else if (!query.includeDeleted) filter._deleted = false;
  if (query.status) and.push({ status: query.status });
  if (query.listId !== undefined) {
    // A version-1 document has no listId: it is in the Inbox ([DM19]); `null` also matches an absent field.
    and.push(
      query.listId === INBOX_LIST_ID ? ({ listId: { $in: [INBOX_LIST_ID, null] } } as Filter<TaskDocument>) : { listId: query.listId },
    );
  }
  // [AS5] A document stored before assignment has no `assignee`: it matches no user.
  if (query.assignee !== undefined) and.push({ assignee: query.assignee });
  if (query.q !== undefined) {
    const words = searchWords(query.q);
    if (words.length === 0) return { tasks: [], nextCursor: null };
    // The text index finds candidates; every word must still be a prefix of some word ([L2]).
    filter.$text = { $search: words.join(' ') };
    filter.searchPrefixes = { $all: words };
  }
  if (query.cursor !== undefined && byDue) {
    const cursor = decodePageCursor('due', query.cursor);
    and.push({ $or: [{ dueKey: { $gt: cursor.dueKey } }, { dueKey: cursor.dueKey, id: { $gt: cursor.id } }] });
  } else if (query.cursor !== undefined) {
    const cursor = decodePageCursor('created', query.cursor);
    and.push({ $or: [{ createdAt: { $lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { $lt: cursor.id } }] });
  }
  if (and.length > 0) filter.$and = and;
  const found = await committedTasks
    .find(filter, { projection: TASK_PROJECTION_WITH_DUE_KEY, ...timed })
    .sort(byDue ? { dueKey: 1, id: 1 } : { createdAt: -1, id: -1 })
    .limit(query.limit + 1)
    .toArray();
  const page = found.slice(0, query.limit);
  const last = page[page.length - 1];
  let nextCursor: string | null = null;
  if (found.length > query.limit && last) {
    nextCursor = byDue
      ? encodePageCursor('due', { dueKey: last.dueKey ?? '', id: last.id })
      : encodePageCursor('created', { createdAt: last.createdAt, id: last.id });
  }
  return { tasks: page.map((task): StoredTask => fromTaskDocument(task)), nextCursor };
}

/** [LS7] `listLists` on MongoDB: the user's lists by (order, id), tombstones only when asked for. */
export async function listMongoLists(
  { committedLists }: Pick<MongoCollections, 'committedLists'>,
  timed: Timed,
  userId: string,
  query: ListQuery,
): Promise<ListPage> {
  const filter: Filter<ListDocument> = { userId };
  if (!query.includeDeleted) filter._deleted = false;
  if (query.cursor !== undefined) {
    const cursor = decodePageCursor('order', query.cursor);
    filter.$or = [{ order: { $gt: cursor.order } }, { order: cursor.order, id: { $gt: cursor.id } }];
  }
  const found = await committedLists
    .find(filter, { projection: LIST_PROJECTION, ...timed })
    .sort({ order: 1, id: 1 })
    .limit(query.limit + 1)
    .toArray();
  const lists: StoredTaskList[] = found.slice(0, query.limit);
  const last = lists[lists.length - 1];
  const nextCursor = found.length > query.limit && last ? encodePageCursor('order', { order: last.order, id: last.id }) : null;
  return { lists, nextCursor };
}
