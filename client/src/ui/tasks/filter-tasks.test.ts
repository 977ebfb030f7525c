import type { Task } from '@tasklane/shared/domain/task';
import { FIXTURE_TIME, makeTask } from '@tasklane/testkit/task-fixture';
import { DEFAULT_QUERY, filterTasks, tagsOf, type ListQuery } from './filter-tasks';

const task = (id: string, overrides: Partial<Task>): Task =>
  makeTask({ id, title: id, createdAt: FIXTURE_TIME, updatedAt: FIXTURE_TIME, ...overrides });

const tasks = [
  task('a', { title: 'Buy milk', priority: 'low', due: { date: '2026-03-02' }, tags: ['Errands'], createdAt: '2026-01-01T00:00:00.000Z' }),
  task('b', {
    title: 'Call the bank',
    description: 'about the MORTGAGE',
    priority: 'high',
    tags: ['money', 'errands-2'],
    createdAt: '2026-01-03T00:00:00.000Z',
  }),
  task('c', { title: 'Pay rent', status: 'done', due: { date: '2026-03-01' }, tags: ['money'], createdAt: '2026-01-02T00:00:00.000Z' }),
  task('d', {
    title: 'Dentist',
    due: { at: '2026-03-02T08:00:00.000Z', timeZone: 'Europe/Berlin' },
    order: 'a1',
    createdAt: '2025-12-01T00:00:00.000Z',
  }),
  task('e', { title: 'Plan trip', order: 'a0', createdAt: '2025-11-01T00:00:00.000Z' }),
];

const ids = (list: Task[]) => list.map((t) => t.id);
const query = (change: Partial<ListQuery>): ListQuery => ({ ...DEFAULT_QUERY, ...change });

describe('list filtering, search and sorting', () => {
  it('filters by status', () => {
    expect(ids(filterTasks(tasks, query({ status: 'done', sort: 'created' })))).toEqual(['c']);
    expect(ids(filterTasks(tasks, query({ status: 'todo', sort: 'created' })))).toEqual(['b', 'a', 'd', 'e']);
  });

  it('searches title and description, case-insensitively, every word', () => {
    expect(ids(filterTasks(tasks, query({ search: 'mortgage' })))).toEqual(['b']);
    expect(ids(filterTasks(tasks, query({ search: 'CALL bank' })))).toEqual(['b']);
    expect(ids(filterTasks(tasks, query({ search: 'milk bank' })))).toEqual([]);
  });

  it('sorts by due date (none last, a date before timed dues of its day), by priority, by creation; done tasks after open ones', () => {
    expect(ids(filterTasks(tasks, query({ sort: 'due' })))).toEqual(['a', 'd', 'b', 'e', 'c']);
    expect(ids(filterTasks(tasks, query({ sort: 'priority' })))).toEqual(['b', 'd', 'e', 'a', 'c']);
    expect(ids(filterTasks(tasks, query({ sort: 'created' })))).toEqual(['b', 'a', 'd', 'e', 'c']);
  });

  it('[NV5] sorts by hand-placed order first ([DM17]), then the tasks never placed, newest first', () => {
    expect(ids(filterTasks(tasks, query({ sort: 'manual' })))).toEqual(['e', 'd', 'b', 'a', 'c']);
  });

  it('[NV5] a tag chip filters by that tag (any letter case); search matches tags, with or without #', () => {
    expect(ids(filterTasks(tasks, query({ tag: 'money', sort: 'created' })))).toEqual(['b', 'c']);
    expect(ids(filterTasks(tasks, query({ tag: 'errands' })))).toEqual(['a']);
    expect(ids(filterTasks(tasks, query({ search: '#errands', sort: 'created' })))).toEqual(['b', 'a']);
    expect(ids(filterTasks(tasks, query({ search: 'money rent' })))).toEqual(['c']);
    expect(ids(filterTasks(tasks, query({ tag: 'money', search: 'bank' })))).toEqual(['b']);
    expect(tagsOf(tasks)).toEqual(['money', 'Errands', 'errands-2']);
  });

  it('keeps the given order when asked (Today and Upcoming order by due)', () => {
    expect(ids(filterTasks([tasks[2]!, tasks[0]!], query({}), { keepOrder: true }))).toEqual(['c', 'a']);
  });
});
