import type { Task } from '@tasklane/shared/domain/task';
import { canonicalTaskState } from '@tasklane/shared/sync/canonical-task';
import type { TaskCollection } from './create-task-db';
import { checkedTask } from './document-checks';
import { toTask } from './to-task';

/** A write of one task: its state before and after, for the undo. */
export type TaskWrite = { before: Task; after: Task };

export class TaskNotFoundError extends Error {
  constructor(readonly taskId: string) {
    super(`task ${taskId} does not exist (or was deleted)`);
    this.name = 'TaskNotFoundError';
  }
}

export type TaskWriter = {
  /** The stored task (not deleted), as the replicated fields. */
  read(id: string): Promise<Task>;
  /**
   * [CM3] Changes one task: `change` gets the current state and the edit's time, and its result is stamped with that
   * time and made canonical (`canonicalTaskState`: timestamps, due, tags, the due and status a series implies,
   * completedAt), as every write path of the system is, and checked ([CM8]). Runs again on the newer state if another
   * write got there first.
   */
  write(id: string, change: (current: Task, at: string) => Task): Promise<TaskWrite>;
  /** The edit time: the device clock, canonical. */
  stamp(): string;
};

export function createTaskWriter(collection: TaskCollection, now: () => Date): TaskWriter {
  const stamp = () => now().toISOString();

  async function current(id: string) {
    const doc = await collection.findOne(id).exec();
    if (!doc) throw new TaskNotFoundError(id);
    return doc;
  }

  return {
    stamp,
    async read(id) {
      return toTask((await current(id)).toJSON() as Task);
    },
    async write(id, change) {
      const doc = await current(id);
      let written: TaskWrite | undefined;
      await doc.incrementalModify((data) => {
        const at = stamp();
        const before = toTask(data);
        const changed = change(before, at);
        const after = canonicalTaskState({ ...changed, id: before.id, createdAt: before.createdAt, updatedAt: at, _deleted: false });
        if (before.seq === undefined) delete after.seq;
        else after.seq = before.seq;
        written = { before, after: checkedTask(after) };
        return { ...data, ...after };
      });
      return written!;
    },
  };
}
