import { randomUUID } from 'node:crypto';
import type { Task } from '@tasklane/shared/domain/task';

/** The same document for both systems: a realistic size, every field set. */
export function benchTask(title: string): Task {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    title,
    description: 'Benchmark task with a short description so rows have a realistic size.',
    status: 'todo',
    priority: 'medium',
    dueAt: null,
    tags: ['bench'],
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    _deleted: false,
  };
}
