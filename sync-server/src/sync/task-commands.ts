import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import { taskSchema } from '@tasklane/shared/domain/task-schema';
import type { CreateTaskInput, PatchTaskInput } from '@tasklane/shared/domain/task-input';
import type { TaskListPage } from '@tasklane/shared/domain/task-list-page';
import { newTaskId } from '@tasklane/shared/domain/task-id';
import { parseMessage } from '@tasklane/shared/protocol/parse-message';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { sameTaskContent } from '@tasklane/shared/sync/merge-task';
import type { Store, TaskListQuery } from '../store/store';
import { canonicalTaskState } from './canonical-task';
import { checklistItemIdFor, taskIdForIdempotencyKey } from './idempotent-task-id';
import { createListGuard } from './list-guard';
import { createPatchReplays, type PatchRecord } from './patch-replays';
import { patchedTask, taskFromCreateInput, type EditIds } from './rest-task-edits';
import type { SyncService } from './sync-service';
import { listDueView, type TaskView, type UpcomingPage } from './task-views';
import { throwIfRefused } from './refused-rows';

/** `GET /api/tasks`: the store's filters, or a view computed where the user is (`tz`, an IANA zone). */
export type TaskQuery = Pick<TaskListQuery, 'status' | 'listId' | 'assignee' | 'q' | 'limit' | 'cursor'> & { view?: TaskView; tz?: string };

export type TaskCommands = {
  /** [L1] [LR7] A page of tasks, or of a view (Today, Upcoming) where the user is. */
  list(userId: string, query: TaskQuery): Promise<TaskListPage | UpcomingPage>;
  get(userId: string, id: string): Promise<StoredTask>;
  create(userId: string, input: CreateTaskInput): Promise<StoredTask>;
  /** [R10] A create that may be retried: the same key finds the task its first attempt made. */
  createIdempotent(userId: string, input: CreateTaskInput, key: string): Promise<{ task: StoredTask; replayed: boolean }>;
  /** [T3] [LR4]; with a key ([LR6]) a retry of an edit that landed changes nothing, and a completion completes its occurrence once. */
  patch(userId: string, id: string, patch: PatchTaskInput, key?: string): Promise<{ task: StoredTask; replayed: boolean }>;
  remove(userId: string, id: string): Promise<void>;
};

/** Concurrent writers to one task are rare; a REST edit re-reads and re-applies on a lost race. */
const MAX_WRITE_ATTEMPTS = 5;

const randomIds: EditIds = { newItemId: () => newTaskId() };
const keyedIds = (userId: string, key: string): EditIds => ({ newItemId: (index) => checklistItemIdFor(userId, key, index) });

/** [V1] The built document is a valid task (the rules between fields included), or the request is refused naming the field. */
function validTask(task: Task): Task {
  return parseMessage(taskSchema, canonicalTaskState(task), 'task');
}

/** REST task operations, written through the same push path as sync (docs/protocol.md [T1]). */
export function createTaskCommands(deps: { store: Store; sync: SyncService; now?: () => string }): TaskCommands {
  const now = deps.now ?? (() => new Date().toISOString());
  const lists = createListGuard(deps.store);
  const replays = createPatchReplays();

  async function getLive(userId: string, id: string): Promise<StoredTask> {
    const task = await deps.store.getTask(userId, id);
    if (!task || task._deleted) throw new ProtocolError('NOT_FOUND', `no task with id "${id}"`);
    return task;
  }

  /** Applies `change` to the current state until it lands without a conflict. */
  async function update(userId: string, id: string, change: (current: StoredTask) => Task): Promise<StoredTask> {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt += 1) {
      const current = await getLive(userId, id);
      const next = validTask(change(current));
      const outcome = await deps.sync.push(userId, { rows: [{ newDocumentState: next, assumedMasterState: current }] });
      throwIfRefused(outcome);
      if (outcome.conflicts.length === 0) {
        const written = await deps.store.getTask(userId, id);
        if (written) return written;
      }
    }
    throw new ProtocolError('CONFLICT', `task "${id}" kept changing while it was being updated; try again`);
  }

  /** A patch as its first attempt would apply it; a completion pinned by an earlier attempt is not repeated ([LR6]). */
  function applyPatch(current: StoredTask, patch: PatchTaskInput, ids: EditIds, record?: Pick<PatchRecord, 'occurrence'>): Task {
    if (record && patch.status === 'done') {
      record.occurrence ??= current.occurrence;
      // The pinned occurrence is already completed (by the first attempt, or by a device): complete nothing more.
      if (current.occurrence > record.occurrence && current.recurrence !== null)
        return patchedTask(current, { ...patch, status: current.status }, now(), ids);
    }
    return patchedTask(current, patch, now(), ids);
  }

  /** Whether `task` (as it is now) is what this create request makes: built again with the task's own clocks. */
  function madeByRequest(task: StoredTask, input: CreateTaskInput, ids: EditIds): boolean {
    try {
      const expected = taskFromCreateInput(input, task.id, { createdAt: task.createdAt, updatedAt: task.updatedAt }, ids);
      return sameTaskContent(canonicalTaskState(expected), task);
    } catch {
      return false;
    }
  }

  return {
    async list(userId, { view, tz, ...query }) {
      if (view === undefined) return deps.store.listTasks(userId, query);
      return listDueView(deps.store, userId, { ...query, view, timeZone: tz! }, new Date(now()));
    },

    get: getLive,

    async create(userId, input) {
      await lists.checkUsable(userId, input.listId);
      const at = now();
      const task = validTask(taskFromCreateInput(input, input.id ?? newTaskId(), { createdAt: at, updatedAt: at }, randomIds));
      const existing = await deps.store.getTask(userId, task.id);
      if (existing) throw new ProtocolError('CONFLICT', `a task with id "${task.id}" already exists`);
      const outcome = await deps.sync.push(userId, { rows: [{ newDocumentState: task }] });
      throwIfRefused(outcome);
      if (outcome.conflicts.length > 0) throw new ProtocolError('CONFLICT', `a task with id "${task.id}" already exists`);
      return getLive(userId, task.id);
    },

    async createIdempotent(userId, input, key) {
      if (input.id !== undefined)
        throw new ProtocolError('INVALID_MESSAGE', 'give either an id or an Idempotency-Key, not both: the key names the task');
      const ids = keyedIds(userId, key);
      const id = taskIdForIdempotencyKey(userId, key);
      const replay = (existing: StoredTask) => {
        if (existing._deleted || !madeByRequest(existing, input, ids))
          throw new ProtocolError(
            'CONFLICT',
            existing._deleted
              ? 'the task created with this Idempotency-Key has been deleted since'
              : 'this Idempotency-Key was used for a different task; use a new key for a new task',
          );
        return { task: existing, replayed: true };
      };
      const existing = await deps.store.getTask(userId, id);
      if (existing) return replay(existing);
      await lists.checkUsable(userId, input.listId);
      const at = now();
      const task = validTask(taskFromCreateInput(input, id, { createdAt: at, updatedAt: at }, ids));
      const outcome = await deps.sync.push(userId, { rows: [{ newDocumentState: task }] });
      throwIfRefused(outcome);
      // A concurrent attempt with the same key won the race: it made the task.
      if (outcome.conflicts[0]) return replay(outcome.conflicts[0]);
      return { task: await getLive(userId, task.id), replayed: false };
    },

    async patch(userId, id, patch, key) {
      await lists.checkUsable(userId, patch.listId);
      if (key === undefined) {
        // [LR15] Pinned for this request too: a conflict retry must not complete the occurrence a device completed meanwhile.
        const record: Pick<PatchRecord, 'occurrence'> = {};
        return { task: await update(userId, id, (current) => applyPatch(current, patch, randomIds, record)), replayed: false };
      }
      const ids = keyedIds(userId, key);
      const { value, replayed } = await replays.run(
        { userId, key, documentId: id, fingerprint: JSON.stringify(patch) },
        (record) => update(userId, id, (current) => applyPatch(current, patch, ids, record)),
        () => getLive(userId, id),
      );
      return { task: value, replayed };
    },

    async remove(userId, id) {
      await update(userId, id, (current) => ({ ...current, _deleted: true, updatedAt: now() }));
    },
  };
}
