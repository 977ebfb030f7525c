import { randomUUID } from 'node:crypto';
import type { Task } from '@tasklane/shared/domain/task';
import { newTask } from '@tasklane/shared/domain/task-defaults';
import type { TaskList } from '@tasklane/shared/domain/task-list';

/** A fixed instant for tests that compare whole documents or order tasks by date. */
export const FIXTURE_TIME = '2026-01-01T00:00:00.000Z';

/** A complete, valid task document as a client would push it: a fresh id, stamped now, every field at its default. */
export function makeTask(overrides: Partial<Task> = {}): Task {
  const now = new Date().toISOString();
  return { ...newTask({ id: randomUUID(), title: 'Write the report', createdAt: now, updatedAt: now }), ...overrides };
}

/** A complete, valid list document as a client would push it: a fresh id, stamped now, grey, first in order. */
export function makeList(overrides: Partial<TaskList> = {}): TaskList {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    name: 'Groceries',
    colour: 'grey',
    order: 'a0',
    archived: false,
    inbox: false,
    createdAt: now,
    updatedAt: now,
    _deleted: false,
    ...overrides,
  };
}
