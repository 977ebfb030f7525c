import fc from 'fast-check';
import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import { TASK_PRIORITIES, TASK_STATUSES } from '@tasklane/shared/domain/task-fields';
import type { StoredTaskList, TaskList } from '@tasklane/shared/domain/task-list';
import { upgradeTask, type TaskV1 } from '@tasklane/shared/domain/task-upgrade';
import type { ListPushRow, PushRow } from '@tasklane/shared/protocol/push';
import {
  decideListPushRow,
  decideListPushRowOnText,
  decidePushRow,
  decidePushRowOnText,
  listContent,
  taskContent,
  type StoredTaskText,
} from '../src/store/push-decision';
import { parseStoredTask } from '../src/store/sqlite/task-columns';

const instant = fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-01-02T08:30:00.000Z');
const content: fc.Arbitrary<Omit<Task, 'seq'>> = fc.record({
  id: fc.constant('task-1'),
  title: fc.constantFrom('Plan', 'Pack'),
  description: fc.constantFrom('', 'bags'),
  status: fc.constantFrom(...TASK_STATUSES),
  priority: fc.constantFrom(...TASK_PRIORITIES),
  listId: fc.constantFrom('inbox', 'errands'),
  assignee: fc.constantFrom(null, '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b'),
  due: fc.constantFrom(null, { date: '2026-01-01' }, { at: '2026-01-02T08:30:00.000Z', timeZone: 'Europe/Berlin' }),
  recurrence: fc.constant(null),
  recurrenceEditedAt: fc.constant(null),
  occurrence: fc.constant(0),
  completions: fc
    .constantFrom<Task['completions'][]>([], [{ occurrence: 0, at: '2026-01-01T00:00:00.000Z' }])
    .map((completions) => [...completions]),
  checklist: fc.constant([]),
  reminders: fc.constantFrom<Task['reminders'][]>([], [{ id: 'r1', before: 'PT10M' }]).map((reminders) => [...reminders]),
  order: fc.constantFrom(null, 'a0'),
  tags: fc.constantFrom<string[][]>([], ['home'], ['home', 'work']).map((tags) => [...tags]),
  createdAt: instant,
  updatedAt: instant,
  completedAt: fc.constant(null),
  _deleted: fc.boolean(),
});

/** A version-1 document whose upgrade is `content` when it is in the Inbox with a date due or none, as data-model-v2.md §9 says. */
function asVersion1(task: Omit<Task, 'seq'>): TaskV1 {
  const {
    listId: _listId,
    due,
    recurrence: _r,
    recurrenceEditedAt: _e,
    occurrence: _o,
    checklist: _c,
    reminders: _rm,
    assignee: _assignee,
    order: _order,
    ...rest
  } = task;
  return { ...rest, dueAt: due && 'date' in due ? `${due.date}T10:00:00.000Z` : null };
}

/** [AS2] A version-3 document: no assignee (upgraded on read to nobody). */
function asVersion3(task: Omit<Task, 'seq'>): Omit<Task, 'seq' | 'assignee'> {
  const { assignee: _assignee, ...rest } = task;
  return rest;
}

/** [RM6] A version-2 document: no reminders (upgraded on read to none), nor an assignee. */
function asVersion2(task: Omit<Task, 'seq'>): Omit<Task, 'seq' | 'reminders' | 'assignee'> {
  const { reminders: _reminders, ...rest } = asVersion3(task);
  return rest;
}

/** The same content with its keys in another order: equal for the rule, different as text. */
const reordered = (task: object): string => JSON.stringify(Object.fromEntries(Object.entries(task).reverse()));

const scenario = fc.record({
  stored: fc.option(
    fc.record({ content, seq: fc.nat({ max: 3 }), form: fc.constantFrom('same', 'reordered', 'version 1', 'version 2', 'version 3') }),
    {
      nil: null,
    },
  ),
  // null: a retry of the stored content (equal text), so that retries come up as often as edits.
  pushed: fc.option(content, { nil: null }),
  assumed: fc.option(fc.record({ content, seq: fc.option(fc.nat({ max: 3 }), { nil: undefined }) }), { nil: undefined }),
});

describe('the push decision on stored JSON text', () => {
  it('[SW4] [LS4] [DM19] [RM6] [AS2] decides every row exactly as decidePushRow on the upgraded document, and parses only when the texts differ', () => {
    fc.assert(
      fc.property(scenario, ({ stored, pushed, assumed }) => {
        const storedText = stored
          ? {
              same: JSON.stringify(stored.content),
              reordered: reordered(stored.content),
              'version 1': JSON.stringify(asVersion1(stored.content)),
              'version 2': JSON.stringify(asVersion2(stored.content)),
              'version 3': JSON.stringify(asVersion3(stored.content)),
            }[stored.form]
          : undefined;
        // What clients see of the stored document: a version-1 one upgraded.
        const current: StoredTask | null = stored
          ? {
              ...(stored.form === 'version 1'
                ? upgradeTask(asVersion1(stored.content))
                : stored.form === 'version 2'
                  ? upgradeTask(asVersion2(stored.content))
                  : stored.form === 'version 3'
                    ? upgradeTask(asVersion3(stored.content))
                    : stored.content),
              seq: stored.seq,
            }
          : null;
        const newDocumentState: Task | undefined = pushed ?? (current ? taskContent(current) : undefined);
        fc.pre(newDocumentState !== undefined);
        const row: PushRow = {
          newDocumentState,
          ...(assumed ? { assumedMasterState: { ...assumed.content, ...(assumed.seq === undefined ? {} : { seq: assumed.seq }) } } : {}),
        };
        const text: StoredTaskText | null = stored && storedText !== undefined ? { seq: stored.seq, doc: storedText } : null;
        const rowDoc = JSON.stringify(taskContent(newDocumentState));
        let parses = 0;
        const decision = decidePushRowOnText(text, row, rowDoc, (storedRow) => {
          parses += 1;
          return { ...parseStoredTask(storedRow.doc), seq: storedRow.seq };
        });
        expect(decision).toEqual(decidePushRow(current, row));
        expect(parses).toBe(text !== null && text.doc !== rowDoc ? 1 : 0);
        // A version-1 text never equals a version-2 row's text: it is always decided on the upgraded document.
        if (stored?.form === 'version 1' || stored?.form === 'version 2' || stored?.form === 'version 3') expect(parses).toBe(1);
      }),
      { numRuns: 2_000 },
    );
  });

  it('[SW4] [LS1] decides every list row exactly as decideListPushRow on the parsed list', () => {
    const list: fc.Arbitrary<Omit<TaskList, 'seq'>> = fc.record({
      id: fc.constant('list-1'),
      name: fc.constantFrom('Home', 'Work'),
      colour: fc.constantFrom('grey', 'red'),
      order: fc.constantFrom('a0', 'a1'),
      archived: fc.boolean(),
      inbox: fc.constant(false),
      createdAt: instant,
      updatedAt: instant,
      _deleted: fc.boolean(),
    });
    const listScenario = fc.record({
      stored: fc.option(fc.record({ content: list, seq: fc.nat({ max: 3 }), keysReordered: fc.boolean() }), { nil: null }),
      pushed: fc.option(list, { nil: null }),
      assumed: fc.option(fc.record({ content: list, seq: fc.option(fc.nat({ max: 3 }), { nil: undefined }) }), { nil: undefined }),
    });
    fc.assert(
      fc.property(listScenario, ({ stored, pushed, assumed }) => {
        const newDocumentState = pushed ?? stored?.content;
        fc.pre(newDocumentState !== undefined);
        const current: StoredTaskList | null = stored ? { ...stored.content, seq: stored.seq } : null;
        const row: ListPushRow = {
          newDocumentState,
          ...(assumed ? { assumedMasterState: { ...assumed.content, ...(assumed.seq === undefined ? {} : { seq: assumed.seq }) } } : {}),
        };
        const text: StoredTaskText | null = stored
          ? { seq: stored.seq, doc: stored.keysReordered ? reordered(stored.content) : JSON.stringify(stored.content) }
          : null;
        const rowDoc = JSON.stringify(listContent(newDocumentState));
        let parses = 0;
        const decision = decideListPushRowOnText(text, row, rowDoc, (storedRow) => {
          parses += 1;
          return { ...(JSON.parse(storedRow.doc) as TaskList), seq: storedRow.seq };
        });
        expect(decision).toEqual(decideListPushRow(current, row));
        expect(parses).toBe(text !== null && text.doc !== rowDoc ? 1 : 0);
      }),
      { numRuns: 1_000 },
    );
  });
});
