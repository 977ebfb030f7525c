import { randomUUID } from 'node:crypto';
import type { Task } from '@tasklane/shared/domain/task';

/** A fixed instant for tests that compare whole documents or order tasks by date. */
export const FIXTURE_TIME = '2026-01-01T00:00:00.000Z';

/** A complete, valid task document as a client would push it: a fresh id, stamped now, every field at its default. */
export function makeTask(overrides: Partial<Task> = {}): Task {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    title: 'Write the report',
    description: '',
    status: 'todo',
    priority: 'medium',
    dueAt: null,
    tags: [],
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    _deleted: false,
    ...overrides,
  };
}
