import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import type { CreateTaskInput, PatchTaskInput } from '@tasklane/shared/domain/task-input';
import type { TaskListPage } from '@tasklane/shared/domain/task-list-page';
import { completedAtFor, taskFromCreateInput } from '@tasklane/shared/domain/task-defaults';
import { newTaskId } from '@tasklane/shared/domain/task-id';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { Store, TaskListQuery } from '../store/store';
import { taskIdForIdempotencyKey } from './idempotent-task-id';
import type { SyncService } from './sync-service';

export type TaskCommands = {
  list(userId: string, query: TaskListQuery): Promise<TaskListPage>;
  get(userId: string, id: string): Promise<StoredTask>;
  create(userId: string, input: CreateTaskInput): Promise<StoredTask>;
  /** [R10] A create that may be retried: the same key finds the task its first attempt made. */
  createIdempotent(userId: string, input: CreateTaskInput, key: string): Promise<{ task: StoredTask; replayed: boolean }>;
  patch(userId: string, id: string, patch: PatchTaskInput): Promise<StoredTask>;
  remove(userId: string, id: string): Promise<void>;
};

/** Concurrent writers to one task are rare; a REST edit re-reads and re-applies on a lost race. */
const MAX_WRITE_ATTEMPTS = 5;

const VALUE_FIELDS = ['title', 'description', 'status', 'priority', 'tags'] as const;
/** `createdAt`, `updatedAt`, `completedAt` come from the server's clock when the request leaves them out: a retry cannot repeat them. */
const CLOCK_FIELDS = ['createdAt', 'updatedAt', 'completedAt'] as const;

const sameInstant = (a: string | null, b: string | null) => a === b || (a !== null && b !== null && Date.parse(a) === Date.parse(b));

/** Whether `task` (as it is now) is what this create request makes. Instants compare as instants, whatever their spelling. */
function madeByRequest(task: StoredTask, input: CreateTaskInput): boolean {
  const expected = taskFromCreateInput(input, task.id, task.createdAt);
  return (
    VALUE_FIELDS.every((field) => JSON.stringify(expected[field]) === JSON.stringify(task[field])) &&
    sameInstant(expected.dueAt, task.dueAt) &&
    CLOCK_FIELDS.every((field) => input[field] === undefined || sameInstant(expected[field], task[field]))
  );
}

/** REST task operations, written through the same push path as sync (docs/protocol.md [T1]). */
export function createTaskCommands(deps: { store: Store; sync: SyncService; now?: () => string }): TaskCommands {
  const now = deps.now ?? (() => new Date().toISOString());

  async function getLive(userId: string, id: string): Promise<StoredTask> {
    const task = await deps.store.getTask(userId, id);
    if (!task || task._deleted) throw new ProtocolError('NOT_FOUND', `no task with id "${id}"`);
    return task;
  }

  /** Applies `change` to the current state until it lands without a conflict. */
  async function update(userId: string, id: string, change: (current: StoredTask) => Task): Promise<StoredTask> {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt += 1) {
      const current = await getLive(userId, id);
      const next = change(current);
      const { conflicts } = await deps.sync.push(userId, { rows: [{ newDocumentState: next, assumedMasterState: current }] });
      if (conflicts.length === 0) {
        const written = await deps.store.getTask(userId, id);
        if (written) return written;
      }
    }
    throw new ProtocolError('CONFLICT', `task "${id}" kept changing while it was being updated; try again`);
  }

  return {
    list: (userId, query) => deps.store.listTasks(userId, query),
    get: getLive,

    async create(userId, input) {
      const task = taskFromCreateInput(input, newTaskId(), now());
      const existing = await deps.store.getTask(userId, task.id);
      if (existing) throw new ProtocolError('CONFLICT', `a task with id "${task.id}" already exists`);
      const { conflicts } = await deps.sync.push(userId, { rows: [{ newDocumentState: task }] });
      if (conflicts.length > 0) throw new ProtocolError('CONFLICT', `a task with id "${task.id}" already exists`);
      return getLive(userId, task.id);
    },

    async createIdempotent(userId, input, key) {
      if (input.id !== undefined)
        throw new ProtocolError('INVALID_MESSAGE', 'give either an id or an Idempotency-Key, not both: the key names the task');
      const task = taskFromCreateInput({ ...input, id: taskIdForIdempotencyKey(userId, key) }, newTaskId(), now());
      const replay = (existing: StoredTask) => {
        if (existing._deleted || !madeByRequest(existing, input))
          throw new ProtocolError(
            'CONFLICT',
            existing._deleted
              ? 'the task created with this Idempotency-Key has been deleted since'
              : 'this Idempotency-Key was used for a different task; use a new key for a new task',
          );
        return { task: existing, replayed: true };
      };
      const existing = await deps.store.getTask(userId, task.id);
      if (existing) return replay(existing);
      const { conflicts } = await deps.sync.push(userId, { rows: [{ newDocumentState: task }] });
      // A concurrent attempt with the same key won the race: it made the task.
      if (conflicts[0]) return replay(conflicts[0]);
      return { task: await getLive(userId, task.id), replayed: false };
    },

    patch(userId, id, patch) {
      return update(userId, id, (current) => {
        const status = patch.status ?? current.status;
        const updatedAt = patch.updatedAt ?? now();
        // Completing stamps the edit's own updatedAt, as a push would derive it (docs/protocol.md [D4]).
        const completedAt =
          patch.completedAt !== undefined && status === 'done' ? patch.completedAt : completedAtFor(status, current.completedAt, updatedAt);
        return { ...current, ...patch, completedAt, updatedAt };
      });
    },

    async remove(userId, id) {
      await update(userId, id, (current) => ({ ...current, _deleted: true, updatedAt: now() }));
    },
  };
}
