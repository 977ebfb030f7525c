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
import { feedSeqsOf, sharedSpacesOf, type SharedReads } from './mongo-shared-reads';
import { searchWords } from './search';

type Timed = { maxTimeMS: number };

/** TASK_PROJECTION, keeping `dueKey` for the cursor of a due listing (an exclusion projection cannot include a field). */
const { dueKey: _dueKey, ...TASK_PROJECTION_WITH_DUE_KEY } = TASK_PROJECTION;

type ListedTask = Omit<TaskDocument, 'userId' | 'searchPrefixes' | 'nextFireAt'>;
/** A document read by one part of a listing, with the space it was read from. */
type Placed<D> = { doc: D; space: string };

/** The order of strings MongoDB sorts by without a collation: their UTF-8 bytes (JS `<` compares UTF-16 units). */
const compareText = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * [SH1] The parts of a listing merged: each part is already in `compare` order and cut to `limit + 1`, so the first
 * `limit + 1` of the merge are the first of the whole.
 */
function mergeParts<D>(parts: Placed<D>[][], compare: (a: D, b: D) => number, limit: number): Placed<D>[] {
  return parts
    .flat()
    .sort((a, b) => compare(a.doc, b.doc))
    .slice(0, limit + 1);
}

/**
 * The documents of a merged page as the caller holds them: their own as stored, those of other spaces under the caller's
 * feed seq ([SH7]), and none that the caller holds no visible feed entry for (a membership ended between the reads).
 */
function asHeld<D extends { id: string; seq: number }>(page: Placed<D>[], userId: string, seqs: Map<string, number>): D[] {
  return page.flatMap(({ doc, space }) => {
    if (space === userId) return [doc];
    const seq = seqs.get(doc.id);
    return seq === undefined ? [] : [{ ...doc, seq }];
  });
}

/**
 * `listTasks` on MongoDB, read at majority: newest first by (createdAt, id), or — with `dueBefore` — the open tasks
 * whose `dueKey` is before it, by (dueKey, id) on the index `tasks_user_due` ([DM23], [LS6]). Status, list ([LS5]),
 * assignee ([AS5]) and search filters combine with either order. [SH1] With `sharing`, the tasks of lists shared with
 * the user too: one query per space (the text index `tasks_text` needs an equality on `userId`), each in the order's
 * index order and limit, merged in memory, under the seq the user holds them by.
 */
export async function listMongoTasks(
  { committedTasks }: Pick<MongoCollections, 'committedTasks'>,
  timed: Timed,
  userId: string,
  query: TaskListQuery,
  sharing: SharedReads,
): Promise<TaskListPage> {
  const byDue = query.dueBefore !== undefined;
  const common: Filter<TaskDocument> = {};
  const and: Filter<TaskDocument>[] = [];
  if (query.dueBefore !== undefined) {
    // Open tasks only: tombstones and done tasks are never due. `$lt` on a string skips null and absent keys.
    common._deleted = false;
    and.push({ status: { $ne: 'done' } }, { dueKey: { $lt: query.dueBefore } });
  } else if (!query.includeDeleted) common._deleted = false;
  if (query.status) and.push({ status: query.status });
  // [AS5] A document stored before assignment has no `assignee`: it matches no user.
  if (query.assignee !== undefined) and.push({ assignee: query.assignee });
  if (query.q !== undefined) {
    const words = searchWords(query.q);
    if (words.length === 0) return { tasks: [], nextCursor: null };
    // The text index finds candidates; every word must still be a prefix of some word ([L2]).
    common.$text = { $search: words.join(' ') };
    common.searchPrefixes = { $all: words };
  }
  if (query.cursor !== undefined && byDue) {
    const cursor = decodePageCursor('due', query.cursor);
    and.push({ $or: [{ dueKey: { $gt: cursor.dueKey } }, { dueKey: cursor.dueKey, id: { $gt: cursor.id } }] });
  } else if (query.cursor !== undefined) {
    const cursor = decodePageCursor('created', query.cursor);
    and.push({ $or: [{ createdAt: { $lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { $lt: cursor.id } }] });
  }

  const readPart = async (space: string, listFilter: Filter<TaskDocument> | null): Promise<Placed<ListedTask>[]> => {
    const partAnd = listFilter ? [listFilter, ...and] : and;
    const filter: Filter<TaskDocument> = { userId: space, ...common, ...(partAnd.length > 0 ? { $and: partAnd } : {}) };
    const found = await committedTasks
      .find(filter, { projection: TASK_PROJECTION_WITH_DUE_KEY, ...timed })
      .sort(byDue ? { dueKey: 1, id: 1 } : { createdAt: -1, id: -1 })
      .limit(query.limit + 1)
      .toArray();
    return found.map((doc) => ({ doc, space }));
  };

  // A version-1 document has no listId: it is in the Inbox ([DM19]); `null` also matches an absent field.
  const ownListFilter: Filter<TaskDocument> | null =
    query.listId === undefined
      ? null
      : query.listId === INBOX_LIST_ID
        ? ({ listId: { $in: [INBOX_LIST_ID, null] } } as Filter<TaskDocument>)
        : { listId: query.listId };
  // The Inbox is never shared ([SH2]): its listing reads the user's own space alone.
  const shared = sharing && query.listId !== INBOX_LIST_ID ? await sharedSpacesOf(sharing, timed, userId, query.listId) : [];
  const parts = await Promise.all([
    readPart(userId, ownListFilter),
    ...shared.map(({ ownerId, listIds }) => readPart(ownerId, { listId: { $in: listIds } })),
  ]);

  const compare = byDue
    ? (a: ListedTask, b: ListedTask) => compareText(a.dueKey ?? '', b.dueKey ?? '') || compareText(a.id, b.id)
    : (a: ListedTask, b: ListedTask) => compareText(b.createdAt, a.createdAt) || compareText(b.id, a.id);
  const found = mergeParts(parts, compare, query.limit);
  const page = found.slice(0, query.limit);
  const others = page.filter((placed) => placed.space !== userId).map(({ doc, space }) => ({ id: doc.id, space }));
  const seqs = sharing ? await feedSeqsOf(sharing, timed, userId, 't', others) : new Map<string, number>();
  // The cursor is the page's last document as read, whether or not the caller still holds it: the next page starts after it.
  const last = page[page.length - 1]?.doc;
  let nextCursor: string | null = null;
  if (found.length > query.limit && last) {
    nextCursor = byDue
      ? encodePageCursor('due', { dueKey: last.dueKey ?? '', id: last.id })
      : encodePageCursor('created', { createdAt: last.createdAt, id: last.id });
  }
  return { tasks: asHeld(page, userId, seqs).map((task): StoredTask => fromTaskDocument(task)), nextCursor };
}

/**
 * [LS7] `listLists` on MongoDB: the user's lists by (order, id), tombstones only when asked for. [SH1] With `sharing`,
 * the lists shared with the user too, under the seq they hold them by, in one manual order.
 */
export async function listMongoLists(
  { committedLists }: Pick<MongoCollections, 'committedLists'>,
  timed: Timed,
  userId: string,
  query: ListQuery,
  sharing: SharedReads,
): Promise<ListPage> {
  const common: Filter<ListDocument> = {};
  if (!query.includeDeleted) common._deleted = false;
  if (query.cursor !== undefined) {
    const cursor = decodePageCursor('order', query.cursor);
    common.$or = [{ order: { $gt: cursor.order } }, { order: cursor.order, id: { $gt: cursor.id } }];
  }
  const readPart = async (space: string, ids: string[] | null): Promise<Placed<StoredTaskList>[]> => {
    const found = await committedLists
      .find({ userId: space, ...(ids ? { id: { $in: ids } } : {}), ...common }, { projection: LIST_PROJECTION, ...timed })
      .sort({ order: 1, id: 1 })
      .limit(query.limit + 1)
      .toArray();
    return found.map((doc) => ({ doc, space }));
  };
  const shared = sharing ? await sharedSpacesOf(sharing, timed, userId) : [];
  const parts = await Promise.all([readPart(userId, null), ...shared.map(({ ownerId, listIds }) => readPart(ownerId, listIds))]);
  const found = mergeParts(parts, (a, b) => compareText(a.order, b.order) || compareText(a.id, b.id), query.limit);
  const page = found.slice(0, query.limit);
  const others = page.filter((placed) => placed.space !== userId).map(({ doc, space }) => ({ id: doc.id, space }));
  const seqs = sharing ? await feedSeqsOf(sharing, timed, userId, 'l', others) : new Map<string, number>();
  const last = page[page.length - 1]?.doc;
  const nextCursor = found.length > query.limit && last ? encodePageCursor('order', { order: last.order, id: last.id }) : null;
  return { lists: asHeld(page, userId, seqs), nextCursor };
}
