import type { Task } from './task';
import type { TaskStatus } from './task-fields';
import type { CreateTaskInput } from './task-input';

/** `completedAt` follows `status`: set when it becomes done, cleared when it leaves done. */
export function completedAtFor(status: TaskStatus, previous: string | null, now: string): string | null {
  if (status !== 'done') return null;
  return previous ?? now;
}

/**
 * `completedAt` is derived from `status` (docs/protocol.md [D4]): null unless done; a done task without one
 * completed at its own `updatedAt`. Pure, so a retried write derives the same value and stays idempotent.
 */
export function withDerivedCompletedAt<T extends Task>(task: T): T {
  const completedAt = completedAtFor(task.status, task.completedAt, task.updatedAt);
  return completedAt === task.completedAt ? task : { ...task, completedAt };
}

/** REST create: every omitted field gets its default (docs/protocol.md [T2]). */
export function taskFromCreateInput(input: CreateTaskInput, newId: string, now: string): Task {
  return withDerivedCompletedAt({
    id: input.id ?? newId,
    title: input.title,
    description: input.description ?? '',
    status: input.status ?? 'todo',
    priority: input.priority ?? 'medium',
    dueAt: input.dueAt ?? null,
    tags: input.tags ?? [],
    createdAt: input.createdAt ?? now,
    updatedAt: input.updatedAt ?? now,
    completedAt: input.completedAt ?? null,
    _deleted: false,
  });
}
