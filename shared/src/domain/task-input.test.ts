import { CHECKLIST_LIMITS } from './checklist';
import { createTaskInputSchema, patchTaskInputSchema } from './task-input';

function reasons(schema: typeof createTaskInputSchema | typeof patchTaskInputSchema, value: unknown): string[] {
  return schema.safeParse(value).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
}

const weekly = { frequency: 'weekly', interval: 1, weekdays: ['mon', 'thu'], end: { kind: 'never' } };

describe('REST task inputs, version 2', () => {
  it('[DM20] a create needs only a title and takes every version-2 field', () => {
    expect(reasons(createTaskInputSchema, { title: 'Water the plants' })).toEqual([]);
    expect(
      reasons(createTaskInputSchema, {
        id: 'task-1',
        title: 'Water the plants',
        listId: 'garden',
        due: { at: '2026-05-01T09:00:00+02:00', timeZone: 'Europe/Berlin' },
        recurrence: weekly,
        checklist: [{ text: 'Ferns' }, { id: 'cacti', text: 'Cacti', done: true }],
        order: 'a1',
        tags: ['home'],
      }),
    ).toEqual([]);
    expect(reasons(createTaskInputSchema, { description: 'no title' })).toEqual([expect.stringMatching(/^title: /)]);
  });

  it('[DM20] due and the older dueAt are each accepted, not both', () => {
    for (const due of [{ due: { date: '2026-05-01' } }, { dueAt: '2026-05-01T10:00:00.000Z' }, { due: null }, { dueAt: null }]) {
      expect(reasons(createTaskInputSchema, { title: 'x', ...due })).toEqual([]);
      expect(reasons(patchTaskInputSchema, due)).toEqual([]);
    }
    const both = { due: { date: '2026-05-01' }, dueAt: '2026-05-01T10:00:00.000Z' };
    expect(reasons(createTaskInputSchema, { title: 'x', ...both })).toEqual(['dueAt: give either due or the older dueAt, not both']);
    expect(reasons(patchTaskInputSchema, { ...both, due: null })).toEqual(['dueAt: give either due or the older dueAt, not both']);
    expect(reasons(patchTaskInputSchema, { dueAt: 'tomorrow' })[0]).toMatch(/^dueAt: /);
    expect(reasons(patchTaskInputSchema, { due: { date: '2026-02-30' } })).toEqual(['due.date: 2026-02-30 is not a day of the calendar']);
  });

  it('[DM20] recurrence is a rule (or null), checked as [DM5] checks it; the series fields are the server’s', () => {
    expect(reasons(patchTaskInputSchema, { recurrence: weekly })).toEqual([]);
    expect(reasons(patchTaskInputSchema, { recurrence: null })).toEqual([]);
    expect(reasons(patchTaskInputSchema, { recurrence: { ...weekly, interval: 0 } })).toEqual(['recurrence.interval: must be 1–999']);
    expect(reasons(patchTaskInputSchema, { recurrence: { frequency: 'weekdays', interval: 2, end: { kind: 'never' } } })).toEqual([
      'recurrence: Unrecognized key: "interval"',
    ]);
    // A series as the document holds it is not a rule.
    expect(
      reasons(patchTaskInputSchema, { recurrence: { rule: weekly, start: { date: '2026-05-01' }, startOccurrence: 0 } }).length,
    ).toBeGreaterThan(0);
    for (const field of ['recurrenceEditedAt', 'occurrence', 'seq', '_deleted', 'userId']) {
      expect(reasons(patchTaskInputSchema, { title: 'x', [field]: null })).toEqual([`: Unrecognized key: "${field}"`]);
    }
  });

  it('[DM20] a checklist is the visible items: text 1–500 characters, an optional id and tick, no clocks, at most 100', () => {
    const items = (n: number) => Array.from({ length: n }, (_, index) => ({ text: `item ${index}` }));
    expect(reasons(patchTaskInputSchema, { checklist: items(CHECKLIST_LIMITS.maxLiveItems) })).toEqual([]);
    expect(reasons(patchTaskInputSchema, { checklist: [] })).toEqual([]);
    expect(reasons(patchTaskInputSchema, { checklist: items(CHECKLIST_LIMITS.maxLiveItems + 1) })).toEqual([
      'checklist: Too big: expected array to have <=100 items',
    ]);
    expect(reasons(patchTaskInputSchema, { checklist: [{ text: '' }] })[0]).toMatch(/^checklist\.0\.text: /);
    expect(reasons(patchTaskInputSchema, { checklist: [{ text: 'x'.repeat(501) }] })[0]).toMatch(/^checklist\.0\.text: /);
    expect(reasons(patchTaskInputSchema, { checklist: [{ id: '../x', text: 'x' }] })[0]).toMatch(/^checklist\.0\.id: /);
    expect(reasons(patchTaskInputSchema, { checklist: [{ text: 'x', textAt: '2026-01-01T00:00:00.000Z' }] })).toEqual([
      'checklist.0: Unrecognized key: "textAt"',
    ]);
    expect(reasons(patchTaskInputSchema, { checklist: [{ text: 'x', done: 'yes' }] })[0]).toMatch(/^checklist\.0\.done: /);
  });

  it('[DM20] listId and order are checked as in the document; a patch changes at least one field', () => {
    expect(reasons(patchTaskInputSchema, { listId: 'a b' })[0]).toMatch(/^listId: id may contain only/);
    expect(reasons(patchTaskInputSchema, { order: 'a00' })[0]).toMatch(/^order: is not a fractional index/);
    expect(reasons(patchTaskInputSchema, { order: null, listId: 'inbox' })).toEqual([]);
    expect(reasons(patchTaskInputSchema, {})).toEqual([': the patch changes no field']);
  });
});
