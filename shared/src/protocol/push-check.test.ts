import fc from 'fast-check';
import { taskArbitrary } from '../sync/task-arbitraries';
import { listArbitrary, mutated, mutationArbitrary } from '../domain/value-mutations';
import { newTask } from '../domain/task-defaults';
import { checkedPush } from './push-check';
import { pushRequestSchemaFor } from './push';
import { taskSchema } from '../domain/task-schema';
import { taskListSchema } from '../domain/task-list-schema';

const T0 = '2026-01-01T08:00:00.000Z';
const makeTaskForCheck = (id: string) => newTask({ id, title: 'Plants', createdAt: T0, updatedAt: T0 });

type Container = Record<string, unknown> | unknown[];
const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

/** The value with the keys of one object reversed: the object `steps` lead to, as `mutated` finds its place. */
function reversedAt(value: unknown, steps: number[]): unknown {
  if (!isContainer(value)) return value;
  if (Array.isArray(value)) {
    const [step, ...rest] = steps;
    if (step === undefined || value.length === 0) return value;
    return value.map((item, index) => (index === step % value.length ? reversedAt(item, rest) : item));
  }
  const keys = Object.keys(value);
  const [step, ...rest] = steps;
  if (step === undefined || keys.length === 0) return Object.fromEntries(Object.entries(value).reverse());
  const chosen = keys[step % keys.length]!;
  return Object.fromEntries(keys.map((key) => [key, key === chosen ? reversedAt(value[key], rest) : value[key]]));
}

// The arbitraries build documents with their keys in another order than the schema's: zod's output has the schema's.
const orderedTask = taskArbitrary.map((task) => taskSchema.parse(task));
const orderedList = listArbitrary.map((list) => taskListSchema.parse(list));
const rowsOf = <D>(document: fc.Arbitrary<D>) =>
  fc.array(fc.record({ newDocumentState: document, assumedMasterState: fc.option(document, { nil: undefined }) }), {
    minLength: 1,
    maxLength: 2,
  });

/** Pushes of tasks or lists, with or without a collection (sometimes the wrong one), a base or not: valid and not. */
const pushArbitrary = fc
  .oneof(
    { weight: 4, arbitrary: fc.record({ collection: fc.constantFrom(undefined, 'tasks'), rows: rowsOf(orderedTask) }) },
    { weight: 2, arbitrary: fc.record({ collection: fc.constant('lists'), rows: rowsOf(orderedList) }) },
    { weight: 1, arbitrary: fc.record({ collection: fc.constantFrom(undefined, 'tasks', 'lists'), rows: rowsOf(taskArbitrary) }) },
    { weight: 1, arbitrary: fc.record({ collection: fc.constantFrom(undefined, 'tasks'), rows: rowsOf(orderedList) }) },
  )
  .map(({ collection, rows }) => {
    const plainRows = rows.map((row) => (row.assumedMasterState === undefined ? { newDocumentState: row.newDocumentState } : row));
    return collection === undefined ? { rows: plainRows } : { collection, rows: plainRows };
  });

const change = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  mutationArbitrary.map((mutation) => ({ kind: 'mutate' as const, mutation })),
  fc.array(fc.nat(), { maxLength: 6 }).map((steps) => ({ kind: 'reorder' as const, steps })),
);

describe('the push check without zod', () => {
  it('[SQ1] accepts only pushes the schema accepts, returning what zod returns, key order included; and every valid push in the schema order', () => {
    let fast = 0;
    fc.assert(
      fc.property(pushArbitrary, change, (push, how) => {
        const input = how.kind === 'mutate' ? mutated(push, how.mutation) : how.kind === 'reorder' ? reversedAt(push, how.steps) : push;
        const zod = pushRequestSchemaFor(input).safeParse(input);
        const checked = checkedPush(input);
        if (checked) {
          fast += 1;
          expect(zod.success).toBe(true);
          expect(checked).toEqual(zod.data);
          expect(JSON.stringify(checked)).toBe(JSON.stringify(zod.data));
        } else if (zod.success) {
          // refused by the check but valid: only when zod returns it changed (reordered), so zod must parse it
          const rows = (input as { rows: unknown }).rows;
          expect(JSON.stringify(rows)).not.toBe(JSON.stringify(zod.data.rows));
        }
      }),
      { numRuns: 1000 },
    );
    expect(fast).toBeGreaterThan(100); // the property held on many accepted pushes, not only on refusals
  });

  it('[SQ1] leaves to zod a push with keys out of order, an unknown key, a repeated id, a base of another id, too many rows', () => {
    const task = makeTaskForCheck('task-1');
    const other = makeTaskForCheck('task-2');
    expect(checkedPush({ rows: [{ newDocumentState: task }] })).toEqual({ collection: 'tasks', rows: [{ newDocumentState: task }] });
    expect(checkedPush({ collection: 'tasks', rows: [{ newDocumentState: task, assumedMasterState: task }] })).not.toBeNull();
    const reordered = Object.fromEntries(Object.entries(task).reverse());
    expect(
      pushRequestSchemaFor({ rows: [{ newDocumentState: reordered }] }).safeParse({ rows: [{ newDocumentState: reordered }] }).success,
    ).toBe(true);
    for (const payload of [
      { rows: [{ newDocumentState: reordered }] },
      { rows: [{ newDocumentState: task, assumedMasterState: reordered }] },
      { rows: [{ newDocumentState: task }], extra: 1 },
      { rows: [{ newDocumentState: task, extra: 1 }] },
      { rows: [{ newDocumentState: task }, { newDocumentState: task }] },
      { rows: [{ newDocumentState: task, assumedMasterState: other }] },
      { rows: [] },
      { rows: Array.from({ length: 501 }, (_, index) => ({ newDocumentState: makeTaskForCheck(`task-${index}`) })) },
      { collection: 'lists', rows: [{ newDocumentState: task }] },
      { collection: 'notes', rows: [{ newDocumentState: task }] },
      { rows: [{ newDocumentState: { ...task, title: '' } }] },
      null,
      [],
    ]) {
      expect(checkedPush(payload)).toBeNull();
    }
  });
});
