import fc from 'fast-check';
import type { Task } from '../domain/task';
import { newTask } from '../domain/task-defaults';
import { canonicalTaskState } from './canonical-task';
import { taskArbitrary } from './task-arbitraries';

const T0 = '2026-01-01T08:00:00.000Z';
const task = newTask({ id: 'task-1', title: 'Water the plants', createdAt: T0, updatedAt: T0 });
const daily = { frequency: 'daily' as const, interval: 1, end: { kind: 'after' as const, count: 2 } };

/** The same instant in another spelling [D6] allows. */
function respelled(instant: string): string {
  const ms = Date.parse(instant);
  return `${new Date(ms + 3_600_000).toISOString().slice(0, 19)}.${String(ms % 1000).padStart(3, '0')}9+01:00`;
}

describe('canonicalTaskState (every write path)', () => {
  it('[D7] [D5] timestamps, a due instant and tags get their one spelling', () => {
    const written = canonicalTaskState({
      ...task,
      createdAt: '2026-01-01T09:00:00+01:00',
      updatedAt: '2026-01-01T08:00:00.0001Z',
      due: { at: '2026-05-01T09:00:00.5+02:00', timeZone: 'Europe/Berlin' },
      tags: ['cafe\u0301'],
    });
    expect(written).toMatchObject({
      createdAt: T0,
      updatedAt: T0,
      due: { at: '2026-05-01T07:00:00.500Z', timeZone: 'Europe/Berlin' },
      tags: ['caf\u00e9'],
    });
  });

  it('[DM14] [W5] checklist entries are written in id order, as a merge writes them, so both spellings are one content', () => {
    const item = (id: string) => ({ id, text: id, done: false, order: 'a0', textAt: T0, doneAt: T0, orderAt: T0 });
    const written = canonicalTaskState({ ...task, checklist: [item('milk'), { id: 'bread', removedAt: T0 }, item('eggs')] });
    expect(written.checklist.map((entry) => entry.id)).toEqual(['bread', 'eggs', 'milk']);
    expect(canonicalTaskState(written)).toEqual(written);
  });

  it('[D7] [DM9] [MV1] a series that starts at a timed due is stored with its start spelled canonically, and so is the due it derives', () => {
    const start = { at: '2026-05-01T09:00:00+02:00', timeZone: 'Europe/Berlin' };
    const written = canonicalTaskState({
      ...task,
      recurrence: { rule: daily, start, startOccurrence: 0 },
      recurrenceEditedAt: T0,
      due: start,
    });
    const canonicalStart = { at: '2026-05-01T07:00:00.000Z', timeZone: 'Europe/Berlin' };
    expect(written.recurrence?.start).toEqual(canonicalStart);
    expect(written.due).toEqual(canonicalStart);
  });

  it('[D4] completedAt follows status', () => {
    expect(canonicalTaskState({ ...task, status: 'done' }).completedAt).toBe(T0);
    expect(canonicalTaskState({ ...task, status: 'done', completedAt: '2025-12-31T00:00:00.000Z' }).completedAt).toBe(
      '2025-12-31T00:00:00.000Z',
    );
    expect(canonicalTaskState({ ...task, status: 'todo', completedAt: T0 }).completedAt).toBeNull();
  });

  it('[DM10] a series derives due, status and completedAt, whatever the writer sent', () => {
    const recurring: Task = {
      ...task,
      recurrence: { rule: daily, start: { date: '2026-01-01' }, startOccurrence: 0 },
      recurrenceEditedAt: T0,
      occurrence: 1,
      due: { date: '2030-01-01' },
      status: 'done',
      completedAt: T0,
    };
    expect(canonicalTaskState(recurring)).toMatchObject({ due: { date: '2026-01-02' }, status: 'todo', completedAt: null });
    expect(canonicalTaskState({ ...recurring, occurrence: 2, status: 'todo', completedAt: null })).toMatchObject({
      due: { date: '2026-01-02' },
      status: 'done',
      completedAt: T0,
    });
  });

  it('[D7] [DM10] [MV1] canonicalising is idempotent and ignores how an instant was spelled', () => {
    fc.assert(
      fc.property(taskArbitrary, (canonical) => {
        expect(canonicalTaskState(canonical)).toEqual(canonical);
        const spelled = { ...canonical, createdAt: respelled(canonical.createdAt), updatedAt: respelled(canonical.updatedAt) };
        expect(canonicalTaskState(spelled)).toEqual(canonical);
        expect(canonicalTaskState(canonicalTaskState(spelled))).toEqual(canonicalTaskState(spelled));
      }),
    );
  });
});
