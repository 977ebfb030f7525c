import { newTask } from '@tasklane/shared/domain/task-defaults';
import type { Task } from '@tasklane/shared/domain/task';
import { rankWhatNext } from './what-next';

const ZONE = 'Europe/Berlin';
/** Monday 2026-11-30, 09:00 in Berlin. */
const NOW = new Date('2026-11-30T08:00:00.000Z');

function task(id: string, fields: Partial<Task> = {}): Task {
  return newTask({
    id,
    title: id,
    priority: 'low',
    createdAt: '2026-11-29T08:00:00.000Z',
    updatedAt: '2026-11-29T08:00:00.000Z',
    ...fields,
  });
}

describe('what next', () => {
  it('[SG4] overdue first, then due today, then high priority, then the rest; done and deleted tasks are left out; each with its reason', () => {
    const ranked = rankWhatNext(
      [
        task('someday'),
        task('urgent', { priority: 'high' }),
        task('today', { due: { date: '2026-11-30' } }),
        task('late', { due: { date: '2026-11-27' } }),
        task('finished', { status: 'done', due: { date: '2026-11-27' } }),
        task('gone', { _deleted: true, due: { date: '2026-11-27' } }),
      ],
      NOW,
      ZONE,
    );
    expect(ranked.map(({ task: { id }, reason }) => [id, reason])).toEqual([
      ['late', 'overdue 3 days'],
      ['today', 'due today'],
      ['urgent', 'high priority'],
      ['someday', 'no due, no rush'],
    ]);
  });

  it('[SG4] a list whose tasks the user usually completes on this weekday comes forward, saying so', () => {
    const mondays = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-10-26'].map((day, index) =>
      task(`done-${index}`, { listId: 'gym', status: 'done', completedAt: `${day}T17:00:00.000Z` }),
    );
    const ranked = rankWhatNext([task('plain', { priority: 'medium' }), task('workout', { listId: 'gym' }), ...mondays], NOW, ZONE);
    expect(ranked.map(({ task: { id }, reason }) => [id, reason])).toEqual([
      ['workout', 'usually done on Mondays'],
      ['plain', 'medium priority'],
    ]);
    const tuesday = new Date('2026-12-01T08:00:00.000Z');
    expect(
      rankWhatNext([task('plain', { priority: 'medium' }), task('workout', { listId: 'gym' }), ...mondays], tuesday, ZONE)[0]!.task.id,
    ).toBe('plain');
  });

  it('[SG4] a task that has waited long enough says so when nothing weighs more', () => {
    const [ranked] = rankWhatNext([task('old', { createdAt: '2026-11-10T08:00:00.000Z' })], NOW, ZONE);
    expect(ranked!.reason).toBe('waiting 20 days');
  });
});
