import { newTask } from '@tasklane/shared/domain/task-defaults';
import type { Task } from '@tasklane/shared/domain/task';
import { computeInsights } from './insights';

const ZONE = 'Europe/Berlin';
/** Sunday 2026-11-29, 20:00 in Berlin. */
const NOW = new Date('2026-11-29T19:00:00.000Z');

function task(id: string, fields: Partial<Task> = {}): Task {
  return newTask({ id, title: id, createdAt: '2026-11-01T08:00:00.000Z', updatedAt: '2026-11-01T08:00:00.000Z', ...fields });
}
const done = (id: string, completedAt: string, fields: Partial<Task> = {}) => task(id, { status: 'done', completedAt, ...fields });

describe('insights', () => {
  it('[IN1] completions per day and per week over the last 12 weeks, in the user zone; deleted tasks and older completions count nothing', () => {
    const insights = computeInsights(
      [
        done('a', '2026-11-29T10:00:00.000Z'),
        done('b', '2026-11-28T23:30:00.000Z'), // 00:30 on the 29th in Berlin
        done('c', '2026-11-23T09:00:00.000Z'), // Monday of this week
        done('d', '2026-11-22T09:00:00.000Z'), // Sunday of last week
        done('gone', '2026-11-29T09:00:00.000Z', { _deleted: true }),
        done('old', '2026-01-05T09:00:00.000Z'),
        task('open'),
      ],
      NOW,
      ZONE,
    );
    expect(insights.perDay).toHaveLength(84);
    expect(insights.perDay.at(-1)).toEqual({ date: '2026-11-29', count: 2 });
    expect(insights.perDay.at(-7)).toEqual({ date: '2026-11-23', count: 1 });
    expect(insights.perDay[0]!.date).toBe('2026-09-07');
    expect(insights.perWeek).toHaveLength(12);
    expect(insights.perWeek.at(-1)).toEqual({ date: '2026-11-23', count: 3 });
    expect(insights.perWeek.at(-2)).toEqual({ date: '2026-11-16', count: 1 });
    expect(insights.perWeek.reduce((sum, week) => sum + week.count, 0)).toBe(4);
  });

  it('[IN1] open tasks by list and by priority, the median time to complete and the streak of days with a completion', () => {
    const insights = computeInsights(
      [
        task('w1', { listId: 'work', priority: 'high' }),
        task('w2', { listId: 'work' }),
        task('h1', { listId: 'home', priority: 'low' }),
        task('x', { listId: 'home', _deleted: true }),
        done('today', '2026-11-29T08:00:00.000Z', { createdAt: '2026-11-29T06:00:00.000Z' }),
        done('yesterday', '2026-11-28T08:00:00.000Z', { createdAt: '2026-11-27T08:00:00.000Z' }),
        done('before', '2026-11-27T08:00:00.000Z', { createdAt: '2026-11-27T04:00:00.000Z' }),
        done('gap', '2026-11-25T08:00:00.000Z', { createdAt: '2026-11-25T07:00:00.000Z' }),
      ],
      NOW,
      ZONE,
    );
    expect(insights.openByList).toEqual([
      { listId: 'work', count: 2 },
      { listId: 'home', count: 1 },
    ]);
    expect(insights.openByPriority).toEqual([
      { priority: 'high', count: 1 },
      { priority: 'medium', count: 1 },
      { priority: 'low', count: 1 },
    ]);
    expect(insights.medianHoursToComplete).toBe(3); // 1, 2, 4 and 24 hours
    expect(insights.streak).toBe(3);
    expect(computeInsights([done('yesterday', '2026-11-28T08:00:00.000Z')], NOW, ZONE).streak).toBe(1);
    expect(computeInsights([done('older', '2026-11-27T08:00:00.000Z')], NOW, ZONE).streak).toBe(0);
    expect(computeInsights([], NOW, ZONE).medianHoursToComplete).toBeNull();
  });

  it('[IN1] overdue over time: at the end of each week, the tasks due before it, created by then and not yet completed', () => {
    const insights = computeInsights(
      [
        task('late', { due: { date: '2026-11-18' }, createdAt: '2026-11-10T08:00:00.000Z' }),
        done('caught up', '2026-11-24T08:00:00.000Z', { due: { date: '2026-11-18' }, createdAt: '2026-11-10T08:00:00.000Z' }),
        task('future', { due: { date: '2026-12-20' } }),
      ],
      NOW,
      ZONE,
    );
    expect(insights.overdue.at(-1)).toEqual({ date: '2026-11-29', count: 1 });
    expect(insights.overdue.at(-2)).toEqual({ date: '2026-11-22', count: 2 });
    expect(insights.overdue.at(-3)).toEqual({ date: '2026-11-15', count: 0 });
  });

  it('[IN2] a series that advanced in place still counts the completions of its earlier occurrences', () => {
    const series = task('gym', {
      recurrence: { rule: { frequency: 'daily', interval: 1, end: { kind: 'never' } }, start: { date: '2026-11-20' }, startOccurrence: 0 },
      recurrenceEditedAt: '2026-11-20T08:00:00.000Z',
      occurrence: 3,
      due: { date: '2026-11-23' },
      completions: [
        { occurrence: 0, at: '2026-11-20T18:00:00.000Z' },
        { occurrence: 1, at: '2026-11-21T18:00:00.000Z' },
        { occurrence: 2, at: '2026-11-22T18:00:00.000Z' },
      ],
    });
    const insights = computeInsights([series], NOW, ZONE);
    expect(insights.perDay.slice(-10, -6).map((day) => day.count)).toEqual([1, 1, 1, 0]);
  });
});
