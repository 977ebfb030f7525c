import type { Task } from './task';
import type { TaskStatus } from './task-fields';
import type { CreateTaskInput } from './task-input';

/** `completedAt` follows `status`: set when it becomes done, cleared when it leaves done. */
export function completedAtFor(status: TaskStatus, previous: string | null, now: string): string | null {
  if (status !== 'done') return null;
  return previous ?? now;
}

export function taskFromCreateInput(input: CreateTaskInput, newId: string, now: string): Task {
  const status = input.status ?? 'todo';
  return {
    id: input.id ?? newId,
    title: input.title,
    description: input.description ?? '',
    status,
    priority: input.priority ?? 'medium',
    dueAt: input.dueAt ?? null,
    tags: input.tags ?? [],
    createdAt: input.createdAt ?? now,
    updatedAt: input.updatedAt ?? now,
    completedAt: completedAtFor(status, input.completedAt ?? null, now),
    _deleted: false,
  };
}
