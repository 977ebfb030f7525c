import { randomUUID } from 'node:crypto';
import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import type { CreateTaskInput, PatchTaskInput } from '@tasklane/shared/domain/task-input';
import type { TaskListPage } from '@tasklane/shared/domain/task-list-page';
import { completedAtFor, taskFromCreateInput } from '@tasklane/shared/domain/task-defaults';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { Store, TaskListQuery } from '../store/store';
import type { SyncService } from './sync-service';

export type TaskCommands = {
  list(userId: string, query: TaskListQuery): Promise<TaskListPage>;
  get(userId: string, id: string): Promise<StoredTask>;
  create(userId: string, input: CreateTaskInput): Promise<StoredTask>;
  patch(userId: string, id: string, patch: PatchTaskInput): Promise<StoredTask>;
  remove(userId: string, id: string): Promise<void>;
};

/** Concurrent writers to one task are rare; a REST edit re-reads and re-applies on a lost race. */
const MAX_WRITE_ATTEMPTS = 5;

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
      const task = taskFromCreateInput(input, randomUUID(), now());
      const existing = await deps.store.getTask(userId, task.id);
      if (existing) throw new ProtocolError('CONFLICT', `a task with id "${task.id}" already exists`);
      const { conflicts } = await deps.sync.push(userId, { rows: [{ newDocumentState: task }] });
      if (conflicts.length > 0) throw new ProtocolError('CONFLICT', `a task with id "${task.id}" already exists`);
      return getLive(userId, task.id);
    },

    patch(userId, id, patch) {
      return update(userId, id, (current) => {
        const status = patch.status ?? current.status;
        const completedAt =
          patch.completedAt !== undefined && status === 'done' ? patch.completedAt : completedAtFor(status, current.completedAt, now());
        return { ...current, ...patch, completedAt, updatedAt: patch.updatedAt ?? now() };
      });
    },

    async remove(userId, id) {
      await update(userId, id, (current) => ({ ...current, _deleted: true, updatedAt: now() }));
    },
  };
}
