import { z } from 'zod';
import { keyBetween } from '@tasklane/shared/domain/order-key';
import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import type { CreateListInput, PatchListInput } from '@tasklane/shared/domain/task-input';
import { DEFAULT_INBOX, INBOX_LIST_ID, type StoredTaskList, type TaskList } from '@tasklane/shared/domain/task-list';
import { storedTaskListSchema, taskListSchema } from '@tasklane/shared/domain/task-list-schema';
import { newTaskId } from '@tasklane/shared/domain/task-id';
import { PROTOCOL_LIMITS } from '@tasklane/shared/protocol/limits';
import { parseMessage } from '@tasklane/shared/protocol/parse-message';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { sameListContent } from '@tasklane/shared/sync/merge-list';
import type { ListPage, Store } from '../store/store';
import { canonicalListState } from './canonical-list';
import { LIST_LIMITS } from './list-limits';
import { listIdForIdempotencyKey } from './idempotent-task-id';
import { throwIfRefused } from './refused-rows';
import { listLimitMessage, type SyncService } from './sync-service';

/** What `DELETE /api/lists/:id` does with the list's tasks first ([LR11]). */
export const LIST_TASK_DISPOSALS = ['move-to-inbox', 'delete'] as const;
export type ListTaskDisposal = (typeof LIST_TASK_DISPOSALS)[number];

/** `GET /api/lists`: lists in their manual order ([DM17]); `nextCursor` is null on the last page. */
export const listPageSchema = z.strictObject({ lists: z.array(storedTaskListSchema), nextCursor: z.string().nullable() });

export type ListCommands = {
  list(userId: string, query: { limit: number; cursor?: string }): Promise<ListPage>;
  get(userId: string, id: string): Promise<StoredTaskList>;
  create(userId: string, input: CreateListInput): Promise<StoredTaskList>;
  /** [LR9] A create that may be retried: the same key finds the list its first attempt made. */
  createIdempotent(userId: string, input: CreateListInput, key: string): Promise<{ list: StoredTaskList; replayed: boolean }>;
  patch(userId: string, id: string, patch: PatchListInput): Promise<StoredTaskList>;
  remove(userId: string, id: string, tasks: ListTaskDisposal): Promise<void>;
};

/** As for tasks ([T1]): a write that keeps losing its race to other writers gives up after this many attempts. */
const MAX_WRITE_ATTEMPTS = 5;

/** The Inbox as the account has it: stored, or — before any device or request wrote it — the default, `seq` 0 ([LR8]). */
function inboxOr(stored: StoredTaskList | null): StoredTaskList {
  return stored ?? { ...DEFAULT_INBOX, seq: 0 };
}

function validList(list: TaskList): TaskList {
  return parseMessage(taskListSchema, canonicalListState(list), 'list');
}

/** REST list operations ([LR8]–[LR12]), written through the sync service's list push, so they sync and are broadcast ([DM22]). */
export function createListCommands(deps: { store: Store; sync: SyncService; now?: () => string }): ListCommands {
  const now = deps.now ?? (() => new Date().toISOString());

  /** The list by id; the Inbox always exists. A tombstone and another user's list are "not found" ([X1]). */
  async function current(userId: string, id: string): Promise<StoredTaskList | null> {
    const stored = await deps.store.getList(userId, id);
    if (id === INBOX_LIST_ID) return inboxOr(stored);
    return stored && !stored._deleted ? stored : null;
  }

  /** [SH2] Only the owner changes or deletes a list; a member who sees it is refused before anything is written. */
  async function requireOwner(userId: string, id: string): Promise<void> {
    const access = id === INBOX_LIST_ID ? null : await deps.store.listAccess(userId, id);
    if (access && access.role !== 'owner') throw new ProtocolError('FORBIDDEN', 'only the owner of a shared list may change or delete it');
  }

  async function getLive(userId: string, id: string): Promise<StoredTaskList> {
    const list = await current(userId, id);
    if (!list) throw new ProtocolError('NOT_FOUND', `no list with id "${id}"`);
    return list;
  }

  /** Every live list of the user (at most the cap and what raced past it), in their order. */
  async function liveLists(userId: string): Promise<StoredTaskList[]> {
    const lists: StoredTaskList[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.store.listLists(userId, { limit: LIST_LIMITS.maxLiveLists, ...(cursor === undefined ? {} : { cursor }) });
      lists.push(...page.lists);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return lists;
  }

  /** [LR12] The cap, and the order key after the last list (where a new list goes when the request names none). */
  async function placeNewList(userId: string): Promise<string> {
    const lists = await liveLists(userId);
    const others = lists.filter((list) => list.id !== INBOX_LIST_ID);
    if (others.length >= LIST_LIMITS.maxLiveLists) throw new ProtocolError('LIST_LIMIT', listLimitMessage());
    const last = lists.reduce<string | null>((max, list) => (max === null || list.order > max ? list.order : max), DEFAULT_INBOX.order);
    return keyBetween(last, null);
  }

  function fromInput(input: CreateListInput, id: string, order: string, clock: { createdAt: string; updatedAt: string }): TaskList {
    return validList({
      id,
      name: input.name,
      colour: input.colour ?? 'grey',
      order: input.order ?? order,
      archived: input.archived ?? false,
      inbox: false,
      createdAt: input.createdAt ?? clock.createdAt,
      updatedAt: input.updatedAt ?? clock.updatedAt,
      _deleted: false,
    });
  }

  async function insert(userId: string, list: TaskList): Promise<StoredTaskList[]> {
    const outcome = await deps.sync.pushLists(userId, { rows: [{ newDocumentState: list }] });
    // [RJ2] The store's count decides, in the write's transaction: two creates racing past the check above meet it there.
    throwIfRefused(outcome);
    return outcome.conflicts;
  }

  /** Applies `change` to the current state until it lands; the Inbox not stored yet is inserted ([LR10]). */
  async function update(userId: string, id: string, change: (list: StoredTaskList) => TaskList): Promise<StoredTaskList> {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt += 1) {
      const stored = await deps.store.getList(userId, id);
      const list = id === INBOX_LIST_ID ? inboxOr(stored) : stored && !stored._deleted ? stored : null;
      if (!list) throw new ProtocolError('NOT_FOUND', `no list with id "${id}"`);
      const next = validList(change(list));
      const row = stored ? { newDocumentState: next, assumedMasterState: stored } : { newDocumentState: next };
      const outcome = await deps.sync.pushLists(userId, { rows: [row] });
      throwIfRefused(outcome);
      const { written, conflicts } = outcome;
      // Nothing written and no conflict: the list already held this content ([W5]).
      if (conflicts.length === 0) return written[0] ?? stored ?? getLive(userId, id);
    }
    throw new ProtocolError('CONFLICT', `list "${id}" kept changing while it was being updated; try again`);
  }

  /** [LR11] Moves every live task of the list to the Inbox, or deletes it, as ordinary task writes ([T1]). */
  async function disposeTasks(userId: string, listId: string, disposal: ListTaskDisposal): Promise<void> {
    let attemptsWithoutProgress = 0;
    for (;;) {
      const { tasks } = await deps.store.listTasks(userId, { listId, limit: PROTOCOL_LIMITS.pushMaxRows });
      if (tasks.length === 0) return;
      const updatedAt = now();
      const change = ({ seq: _seq, ...task }: StoredTask): Task =>
        disposal === 'delete' ? { ...task, _deleted: true, updatedAt } : { ...task, listId: INBOX_LIST_ID, updatedAt };
      const outcome = await deps.sync.push(userId, {
        rows: tasks.map((task) => ({ newDocumentState: change(task), assumedMasterState: task })),
      });
      throwIfRefused(outcome);
      const { written } = outcome;
      attemptsWithoutProgress = written.length > 0 ? 0 : attemptsWithoutProgress + 1;
      if (attemptsWithoutProgress >= MAX_WRITE_ATTEMPTS) {
        throw new ProtocolError('CONFLICT', `the tasks of list "${listId}" kept changing while they were being moved; try again`);
      }
    }
  }

  function madeByRequest(list: StoredTaskList, input: CreateListInput): boolean {
    try {
      return sameListContent(fromInput(input, list.id, list.order, list), list);
    } catch {
      return false;
    }
  }

  return {
    async list(userId, { limit, cursor }) {
      if (cursor !== undefined) return deps.store.listLists(userId, { limit, cursor });
      // [LR8] The first page always holds the Inbox: one that no device has stored yet comes first, besides `limit` lists.
      const page = await deps.store.listLists(userId, { limit });
      if (await deps.store.getList(userId, INBOX_LIST_ID)) return page;
      return { lists: [inboxOr(null), ...page.lists], nextCursor: page.nextCursor };
    },

    get: getLive,

    async create(userId, input) {
      const id = input.id ?? newTaskId();
      if ((await deps.store.getList(userId, id)) || id === INBOX_LIST_ID)
        throw new ProtocolError('CONFLICT', `a list with id "${id}" already exists`);
      const at = now();
      const list = fromInput(input, id, await placeNewList(userId), { createdAt: at, updatedAt: at });
      if ((await insert(userId, list)).length > 0) throw new ProtocolError('CONFLICT', `a list with id "${id}" already exists`);
      return getLive(userId, id);
    },

    async createIdempotent(userId, input, key) {
      if (input.id !== undefined)
        throw new ProtocolError('INVALID_MESSAGE', 'give either an id or an Idempotency-Key, not both: the key names the list');
      const id = listIdForIdempotencyKey(userId, key);
      const replay = (existing: StoredTaskList) => {
        if (existing._deleted || !madeByRequest(existing, input))
          throw new ProtocolError(
            'CONFLICT',
            existing._deleted
              ? 'the list created with this Idempotency-Key has been deleted since'
              : 'this Idempotency-Key was used for a different list; use a new key for a new list',
          );
        return { list: existing, replayed: true };
      };
      const existing = await deps.store.getList(userId, id);
      if (existing) return replay(existing);
      const at = now();
      const list = fromInput(input, id, await placeNewList(userId), { createdAt: at, updatedAt: at });
      const [conflict] = await insert(userId, list);
      if (conflict) return replay(conflict);
      return { list: await getLive(userId, id), replayed: false };
    },

    async patch(userId, id, patch) {
      await requireOwner(userId, id);
      return update(userId, id, ({ seq: _seq, ...list }) => ({ ...list, ...patch, updatedAt: patch.updatedAt ?? now() }));
    },

    async remove(userId, id, disposal) {
      if (id === INBOX_LIST_ID) {
        throw new ProtocolError('INVALID_MESSAGE', 'the Inbox cannot be deleted (it can be renamed and recoloured)');
      }
      await getLive(userId, id);
      await requireOwner(userId, id);
      await disposeTasks(userId, id, disposal);
      await update(userId, id, ({ seq: _seq, ...list }) => ({ ...list, _deleted: true, updatedAt: now() }));
    },
  };
}
