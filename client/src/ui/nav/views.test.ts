import type { Task } from '@tasklane/shared/domain/task';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import { homeListOf, listIndexOf, navCounts, tasksOfList, todayView, upcomingView } from './views';

// Sunday 2026-03-29, 09:00 in Berlin (summer time began at 02:00)
const NOW = Date.parse('2026-03-29T07:00:00.000Z');
const BERLIN = 'Europe/Berlin';

const work = makeList({ id: 'work', name: 'Work' });
const old = makeList({ id: 'old', name: 'Old', archived: true });
const gone = makeList({ id: 'gone', name: 'Gone', _deleted: true });
const index = listIndexOf([makeList({ id: 'inbox', name: 'Inbox', inbox: true }), work, old, gone]);

const t = (id: string, fields: Partial<Task>) => makeTask({ id, title: id, ...fields });
const tasks = [
  t('yesterday', { due: { date: '2026-03-28' } }),
  t('earlier-today', { due: { at: '2026-03-29T06:00:00.000Z', timeZone: BERLIN } }),
  t('today', { due: { date: '2026-03-29' }, listId: 'work' }),
  t('tonight', { due: { at: '2026-03-29T21:30:00.000Z', timeZone: BERLIN } }),
  t('late-tonight-utc', { due: { at: '2026-03-29T22:30:00.000Z', timeZone: 'UTC' } }), // 00:30 Monday in Berlin
  t('in-six-days', { due: { date: '2026-04-04' }, listId: 'gone' }),
  t('in-seven-days', { due: { date: '2026-04-05' } }),
  t('done-today', { due: { date: '2026-03-29' }, status: 'done' }),
  t('archived-today', { due: { date: '2026-03-29' }, listId: 'old' }),
  t('no-due', { listId: 'work' }),
  t('unknown-list', { listId: 'never-synced' }),
];
const ids = (list: readonly Task[]) => list.map((task) => task.id);

describe('views across lists', () => {
  it('[NV3] a task of a list the device does not hold, or holds deleted, shows in the Inbox', () => {
    expect(homeListOf(tasks[5]!, index)).toBe('inbox');
    expect(ids(tasksOfList(tasks, 'work', index))).toEqual(['today', 'no-due']);
    expect(ids(tasksOfList(tasks, 'inbox', index))).toEqual(
      expect.arrayContaining(['yesterday', 'in-six-days', 'unknown-list', 'done-today', 'late-tonight-utc']),
    );
    expect(tasksOfList(tasks, 'gone', index)).toEqual([]);
  });

  it('[NV4] Today is open tasks due today in the user zone plus overdue ones, apart; archived lists and done tasks left out', () => {
    const view = todayView(tasks, index, NOW, BERLIN);
    expect(ids(view.overdue)).toEqual(['yesterday', 'earlier-today']);
    expect(ids(view.today)).toEqual(['today', 'tonight']);
    // the same instant seen from Los Angeles (Sunday 00:00): the UTC task is today there, Berlin's 23:30 too
    const la = todayView(tasks, index, NOW, 'America/Los_Angeles');
    expect(ids(la.today)).toEqual(['today', 'tonight', 'late-tonight-utc']);
  });

  it('[NV4] Upcoming is today and the next six days, grouped by day, days without tasks left out', () => {
    const view = upcomingView(tasks, index, NOW, BERLIN);
    expect(view.map((day) => [day.date, ids(day.tasks)])).toEqual([
      ['2026-03-29', ['today', 'earlier-today', 'tonight']], // a date before the timed dues of its day,
      ['2026-03-30', ['late-tonight-utc']],
      ['2026-04-04', ['in-six-days']],
    ]);
  });

  it('[NV2] counts open tasks per list (unknown lists in the Inbox), in Today and in Upcoming', () => {
    const counts = navCounts(tasks, index, NOW, BERLIN);
    expect(counts.today).toBe(4);
    expect(counts.upcoming).toBe(5);
    expect(Object.fromEntries(counts.lists)).toEqual({ inbox: 7, work: 2, old: 1 });
  });
});
