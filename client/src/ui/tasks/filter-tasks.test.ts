import type { Task } from '@tasklane/shared/domain/task';
import { FIXTURE_TIME, makeTask } from '@tasklane/testkit/task-fixture';
import { filterTasks } from './filter-tasks';

const task = (id: string, overrides: Partial<Task>): Task =>
  makeTask({ id, title: id, createdAt: FIXTURE_TIME, updatedAt: FIXTURE_TIME, ...overrides });

const tasks = [
  task('a', { title: 'Buy milk', priority: 'low', dueAt: '2026-03-02T12:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z' }),
  task('b', { title: 'Call the bank', description: 'about the MORTGAGE', priority: 'high', createdAt: '2026-01-03T00:00:00.000Z' }),
  task('c', { title: 'Pay rent', status: 'done', dueAt: '2026-03-01T12:00:00.000Z', createdAt: '2026-01-02T00:00:00.000Z' }),
];

const ids = (list: Task[]) => list.map((t) => t.id);

describe('list filtering, search and sorting', () => {
  it('filters by status', () => {
    expect(ids(filterTasks(tasks, { status: 'done', sort: 'created', search: '' }))).toEqual(['c']);
    expect(ids(filterTasks(tasks, { status: 'todo', sort: 'created', search: '' }))).toEqual(['b', 'a']);
  });

  it('searches title and description, case-insensitively, every word', () => {
    expect(ids(filterTasks(tasks, { status: 'all', sort: 'created', search: 'mortgage' }))).toEqual(['b']);
    expect(ids(filterTasks(tasks, { status: 'all', sort: 'created', search: 'CALL bank' }))).toEqual(['b']);
    expect(ids(filterTasks(tasks, { status: 'all', sort: 'created', search: 'milk bank' }))).toEqual([]);
  });

  it('sorts by due date (none last), by priority, by creation (newest first)', () => {
    expect(ids(filterTasks(tasks, { status: 'all', sort: 'due', search: '' }))).toEqual(['c', 'a', 'b']);
    expect(ids(filterTasks(tasks, { status: 'all', sort: 'priority', search: '' }))).toEqual(['b', 'c', 'a']);
    expect(ids(filterTasks(tasks, { status: 'all', sort: 'created', search: '' }))).toEqual(['b', 'c', 'a']);
  });
});
