import type { Task } from '@tasklane/shared/domain/task';
import { completedAtFor } from '@tasklane/shared/domain/task-defaults';
import { canonicalTagSet } from '@tasklane/shared/domain/task-tags';
import type { TaskPriority, TaskStatus } from '@tasklane/shared/domain/task-fields';
import type { TaskCollection } from './create-task-db';
import { newTaskId } from '@tasklane/shared/domain/task-id';
import { toTask } from './to-task';

export type TaskDraft = {
  title: string;
  description?: string;
  status?: TaskStatus;
  priority?: TaskPriority;
  dueAt?: string | null;
  tags?: string[];
};

export type TaskPatch = Partial<Pick<Task, 'title' | 'description' | 'status' | 'priority' | 'dueAt' | 'tags'>>;

export type TaskRepository = ReturnType<typeof createTaskRepository>;

/**
 * Every local write of the app. Writes go to RxDB only; replication carries
 * them to the server in the background. `updatedAt` is the device clock.
 */
export function createTaskRepository(collection: TaskCollection, now: () => Date = () => new Date(), newId: () => string = newTaskId) {
  const stamp = () => now().toISOString();

  async function current(id: string) {
    const doc = await collection.findOne(id).exec();
    if (!doc) throw new Error(`task ${id} does not exist`);
    return doc;
  }

  return {
    async create(draft: TaskDraft): Promise<Task> {
      const at = stamp();
      const status = draft.status ?? 'todo';
      const task: Task = {
        id: newId(),
        title: draft.title.trim(),
        description: draft.description ?? '',
        status,
        priority: draft.priority ?? 'medium',
        dueAt: draft.dueAt ?? null,
        tags: canonicalTagSet(draft.tags ?? []),
        createdAt: at,
        updatedAt: at,
        completedAt: completedAtFor(status, null, at),
        _deleted: false,
      };
      const { _deleted, ...insertable } = task;
      await collection.insert(insertable as Task);
      return task;
    },

    async update(id: string, patch: TaskPatch): Promise<void> {
      const doc = await current(id);
      await doc.incrementalModify((data) => {
        const at = stamp();
        const next = { ...data, ...patch, updatedAt: at };
        if (patch.title !== undefined) next.title = patch.title.trim();
        if (patch.tags !== undefined) next.tags = canonicalTagSet(patch.tags);
        next.completedAt = completedAtFor(next.status, data.completedAt, at);
        return next;
      });
    },

    async toggleComplete(id: string): Promise<void> {
      const doc = await current(id);
      await this.update(id, { status: doc.status === 'done' ? 'todo' : 'done' });
    },

    /** Soft delete: a tombstone that replicates. Returns what `restore` needs for undo. */
    async remove(id: string): Promise<Task> {
      const doc = await current(id);
      const before = toTask(doc.toJSON() as Task);
      await doc.remove();
      return before;
    },

    /** Undo a delete: the task comes back with its content and a new `updatedAt`. */
    async restore(task: Task): Promise<void> {
      const { _deleted, seq: _seq, ...content } = task;
      await collection.upsert({ ...content, updatedAt: stamp() });
    },
  };
}
