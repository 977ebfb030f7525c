import fc from 'fast-check';
import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import { TASK_PRIORITIES, TASK_STATUSES } from '@tasklane/shared/domain/task-fields';
import type { PushRow } from '@tasklane/shared/protocol/push';
import { decidePushRow, decidePushRowOnText, taskContent, type StoredTaskText } from '../src/store/push-decision';

const instant = fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-01-02T08:30:00.000Z');
const content: fc.Arbitrary<Omit<Task, 'seq'>> = fc.record({
  id: fc.constant('task-1'),
  title: fc.constantFrom('Plan', 'Pack'),
  description: fc.constantFrom('', 'bags'),
  status: fc.constantFrom(...TASK_STATUSES),
  priority: fc.constantFrom(...TASK_PRIORITIES),
  dueAt: fc.option(instant, { nil: null }),
  tags: fc.constantFrom<string[][]>([], ['home'], ['home', 'work']).map((tags) => [...tags]),
  createdAt: instant,
  updatedAt: instant,
  completedAt: fc.constant(null),
  _deleted: fc.boolean(),
});

/** The same content with its keys in another order: equal for the rule, different as text. */
const reordered = (task: object): string => JSON.stringify(Object.fromEntries(Object.entries(task).reverse()));

const scenario = fc.record({
  stored: fc.option(fc.record({ content, seq: fc.nat({ max: 3 }), keysReordered: fc.boolean() }), { nil: null }),
  // null: a retry of the stored content (equal text), so that retries come up as often as edits.
  pushed: fc.option(content, { nil: null }),
  assumed: fc.option(fc.record({ content, seq: fc.option(fc.nat({ max: 3 }), { nil: undefined }) }), { nil: undefined }),
});

describe('the push decision on stored JSON text', () => {
  it('[SW4] decides every row exactly as decidePushRow on the parsed document, and parses only when the texts differ', () => {
    fc.assert(
      fc.property(scenario, ({ stored, pushed, assumed }) => {
        const newDocumentState: Task | undefined = pushed ?? stored?.content;
        fc.pre(newDocumentState !== undefined);
        const current: StoredTask | null = stored ? { ...stored.content, seq: stored.seq } : null;
        const row: PushRow = {
          newDocumentState,
          ...(assumed ? { assumedMasterState: { ...assumed.content, ...(assumed.seq === undefined ? {} : { seq: assumed.seq }) } } : {}),
        };
        const text: StoredTaskText | null = stored
          ? { seq: stored.seq, doc: stored.keysReordered ? reordered(stored.content) : JSON.stringify(stored.content) }
          : null;
        const rowDoc = JSON.stringify(taskContent(newDocumentState));
        let parses = 0;
        const decision = decidePushRowOnText(text, row, rowDoc, (storedText) => {
          parses += 1;
          return { ...(JSON.parse(storedText.doc) as Omit<StoredTask, 'seq'>), seq: storedText.seq };
        });
        expect(decision).toEqual(decidePushRow(current, row));
        expect(parses).toBe(text !== null && text.doc !== rowDoc ? 1 : 0);
      }),
      { numRuns: 2_000 },
    );
  });
});
