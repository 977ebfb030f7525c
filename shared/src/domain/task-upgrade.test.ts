import fc from 'fast-check';
import { canonicalTaskState } from '../sync/canonical-task';
import { TASK_KEYS } from './task';
import { storedTaskSchema, taskSchema } from './task-schema';
import { TASK_PRIORITIES, TASK_STATUSES } from './task-fields';
import { INBOX_LIST_ID } from './task-list';
import { dueFromVersion1, isCurrentTask, isTaskV2, upgradeTask, type TaskV1, type TaskV3 } from './task-upgrade';

const FIRST_DAY_MS = Date.UTC(1900, 0, 1);
const LAST_DAY_MS = Date.UTC(9999, 11, 31);
const DAY_MS = 86_400_000;

const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }).map((ms) => new Date(ms).toISOString());

/** A stored version-1 task: canonical timestamps ([D7]), completedAt derived from status ([D4]), a due instant or none. */
const taskV1Arbitrary: fc.Arbitrary<TaskV1 & { seq: number }> = fc
  .record({
    id: fc.constantFrom('task-1', '0190b7c2-7d1e-7c3a-9f00-000000000001'),
    title: fc.string({ minLength: 1, maxLength: 20 }),
    description: fc.string({ maxLength: 20 }),
    status: fc.constantFrom(...TASK_STATUSES),
    priority: fc.constantFrom(...TASK_PRIORITIES),
    dueAt: fc.option(instant, { nil: null }),
    tags: fc.uniqueArray(fc.constantFrom('home', 'work', 'café'), { maxLength: 3 }),
    createdAt: instant,
    updatedAt: instant,
    _deleted: fc.boolean(),
    seq: fc.nat({ max: 10_000 }),
  })
  .map((task) => ({ ...task, completedAt: task.status === 'done' ? task.updatedAt : null }));

const V1: TaskV1 = {
  id: 'task-1',
  title: 'Water the plants',
  description: 'the big ones',
  status: 'done',
  priority: 'high',
  dueAt: '2026-05-01T10:00:00.000Z', // noon in Berlin (+02:00)
  tags: ['home'],
  createdAt: '2026-04-01T08:00:00.000Z',
  updatedAt: '2026-04-02T08:00:00.000Z',
  completedAt: '2026-04-02T08:00:00.000Z',
  _deleted: false,
};

/** The ISO spelling of local noon of a day at a UTC offset, as the version-1 PWA stored a picked day. */
function localNoon(dayMs: number, offsetMinutes: number): string {
  return new Date(dayMs + 12 * 3_600_000 - offsetMinutes * 60_000).toISOString();
}

describe('upgrading a version-1 task', () => {
  it('[DM19] a version-1 task becomes version 2 exactly as docs/data-model-v2.md §9 step 1 says, keys in canonical order', () => {
    const upgraded = upgradeTask({ ...V1, seq: 7 });
    expect(upgraded).toEqual({
      id: 'task-1',
      title: 'Water the plants',
      description: 'the big ones',
      status: 'done',
      priority: 'high',
      listId: INBOX_LIST_ID,
      assignee: null,
      due: { date: '2026-05-01' },
      recurrence: null,
      recurrenceEditedAt: null,
      occurrence: 0,
      completions: [],
      checklist: [],
      reminders: [],
      order: null,
      tags: ['home'],
      createdAt: '2026-04-01T08:00:00.000Z',
      updatedAt: '2026-04-02T08:00:00.000Z',
      completedAt: '2026-04-02T08:00:00.000Z',
      _deleted: false,
      seq: 7,
    });
    expect(Object.keys(upgraded)).toEqual(TASK_KEYS);
    expect(upgraded).not.toHaveProperty('dueAt');
    expect(Object.keys(upgradeTask(V1))).toEqual(TASK_KEYS.filter((key) => key !== 'seq'));
    expect(upgradeTask({ ...V1, dueAt: null }).due).toBeNull();
    expect(isTaskV2(V1)).toBe(false);
    expect(isTaskV2(upgraded)).toBe(true);
  });

  it('[DM19] a day picked in the version-1 PWA (stored as its local noon) is recovered for every offset from −10:00 to +13:00', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: FIRST_DAY_MS / DAY_MS, max: LAST_DAY_MS / DAY_MS }),
        fc.integer({ min: -10 * 60, max: 13 * 60 }),
        (day, offset) => {
          const date = new Date(day * DAY_MS).toISOString().slice(0, 10);
          expect(dueFromVersion1(localNoon(day * DAY_MS, offset))).toEqual({ date });
          // Any spelling of that instant ([D6]) gives the same day.
          const sign = offset < 0 ? '-' : '+';
          const hhmm = `${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
          expect(dueFromVersion1(`${date}T12:00:00${sign}${hhmm}`)).toEqual({ date });
        },
      ),
    );
    // The bounds are where the rule stops working: Samoa's old −11:00 and Kiribati's +14:00 land a day off.
    expect(dueFromVersion1(localNoon(Date.UTC(2026, 4, 1), -11 * 60))).toEqual({ date: '2026-05-02' });
    expect(dueFromVersion1(localNoon(Date.UTC(2026, 4, 1), 14 * 60))).toEqual({ date: '2026-04-30' });
  });

  it('[DM19] a due instant at the ends of the year range becomes a date inside 1900–9999', () => {
    expect(dueFromVersion1(null)).toBeNull();
    expect(dueFromVersion1('1899-12-31T23:00:00.000Z')).toEqual({ date: '1900-01-01' });
    expect(dueFromVersion1('1899-12-31T22:59:59.999Z')).toEqual({ date: '1900-01-01' });
    expect(dueFromVersion1('0000-01-01T00:00:00.000Z')).toEqual({ date: '1900-01-01' });
    expect(dueFromVersion1('1066-10-14T12:00:00+00:00')).toEqual({ date: '1900-01-01' });
    expect(dueFromVersion1('9999-12-31T22:59:59.999Z')).toEqual({ date: '9999-12-31' });
    expect(dueFromVersion1('9999-12-31T23:00:00.000Z')).toEqual({ date: '9999-12-31' });
    expect(dueFromVersion1('9999-12-31T23:59:59.999-13:00')).toEqual({ date: '9999-12-31' });
    expect(dueFromVersion1('not a date')).toBeNull();
    for (const dueAt of ['0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      expect(taskSchema.safeParse(upgradeTask({ ...V1, dueAt })).success).toBe(true);
    }
  });

  it('[DM19] the upgrade is deterministic, needs no time zone, and its result is a valid, canonical version-2 task', () => {
    // shared/ is typed without Node; the test runs in Node, whose TZ variable takes effect when set.
    const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;
    const zone = env.TZ;
    try {
      fc.assert(
        fc.property(taskV1Arbitrary, fc.constantFrom('Pacific/Kiritimati', 'America/Adak', 'UTC'), (v1, timeZone) => {
          const upgraded = upgradeTask(v1);
          env.TZ = timeZone;
          expect(upgradeTask({ ...v1, tags: [...v1.tags] })).toEqual(upgraded);
          expect(storedTaskSchema.safeParse(upgraded).error?.issues ?? []).toEqual([]);
          // What the server sends and what a device migrates locally are the same document ([DM19], §9 step 2).
          expect(canonicalTaskState(upgraded)).toEqual(upgraded);
          const { dueAt: _dueAt, ...kept } = v1;
          expect(upgraded).toMatchObject(kept);
        }),
      );
    } finally {
      if (zone === undefined) delete env.TZ;
      else env.TZ = zone;
    }
  });

  it('[DM19] a version-2 task passes through unchanged, so upgrading twice is upgrading once', () => {
    fc.assert(
      fc.property(taskV1Arbitrary, fc.constantFrom('work', INBOX_LIST_ID), fc.constantFrom('a0', null), (v1, listId, order) => {
        const once = upgradeTask(v1);
        expect(upgradeTask(once)).toEqual(once);
        const edited = { ...once, listId, order, due: { at: '2026-05-01T07:00:00.000Z', timeZone: 'Europe/Berlin' } };
        expect(upgradeTask(edited)).toEqual(edited);
        // Keys come back in the canonical order, whatever order they arrived in.
        const shuffled = Object.fromEntries(Object.entries(edited).reverse()) as typeof edited;
        expect(Object.keys(upgradeTask(shuffled))).toEqual(Object.keys(once));
      }),
    );
  });

  it('[AS2] [IN2] a version-3 task (no assignee, no completions) reads as assigned to nobody with none logged, keys in canonical order; an assignee already held is kept', () => {
    const {
      assignee: _assignee,
      completions: _completions,
      ...v3
    }: TaskV3 & { assignee?: unknown; completions?: unknown } = upgradeTask({
      ...V1,
      seq: 7,
    });
    expect(isCurrentTask(v3)).toBe(false);
    const upgraded = upgradeTask(v3);
    expect(upgraded).toEqual({ ...v3, assignee: null, completions: [] });
    expect(Object.keys(upgraded)).toEqual(TASK_KEYS);
    const assignee = '0190b7c2-7d1e-7c3a-9f00-000000000001';
    expect(upgradeTask({ ...upgraded, assignee }).assignee).toBe(assignee);
    expect(storedTaskSchema.safeParse(upgraded).success).toBe(true);
  });
});
