import { TASK_KEYS, type Task } from '@tasklane/shared/domain/task';
import { FIXTURE_TIME, makeTask } from '@tasklane/testkit/task-fixture';
import { createAckLedger } from './ack-ledger';
import { CONTENT_FIELDS } from './canonical-tasks';
import { completionStats, findRecurringViolations, type CompletionRecord } from './recurring-completions';

const series = {
  rule: { frequency: 'daily' as const, interval: 1, end: { kind: 'never' as const } },
  start: { date: '2030-01-01' },
  startOccurrence: 0,
};
const task = (overrides: Partial<Task> = {}): Task =>
  makeTask({
    id: 't1',
    title: 'water',
    createdAt: FIXTURE_TIME,
    updatedAt: FIXTURE_TIME,
    recurrence: series,
    recurrenceEditedAt: FIXTURE_TIME,
    ...overrides,
  });
const done = (device: string, from: number, confirmed = true): CompletionRecord => ({
  userId: 'u',
  device,
  taskId: 't1',
  from,
  to: from + 1,
  confirmed,
});
const store = (final: Task) => new Map([['u', new Map([['t1', final]])]]);

/** The checker must be able to fail: these are the mistakes a merge or a device could make with the joins. */
describe('the recurring-join check of the chaos harness', () => {
  it('[MV5] the same occurrence completed on three devices advances the counter once: one is right, three is not', () => {
    const completions = [done('phone', 4), done('laptop', 4), done('tablet', 4)];
    expect(findRecurringViolations(completions, [], store(task({ occurrence: 5 })))).toEqual([]);
    expect(findRecurringViolations(completions, [], store(task({ occurrence: 7 })))).toEqual([
      'u/t1: counter 7 is where no completion took it (completions phone 4→5, laptop 4→5, tablet 4→5)',
    ]);
    expect(completionStats(completions)).toEqual({ occurrences: 1, onSeveralDevices: 1 });
  });

  it('[MV5] a confirmed completion that the store lost is reported; an unconfirmed one may be missing', () => {
    expect(findRecurringViolations([done('phone', 0), done('phone', 1)], [], store(task({ occurrence: 1 })))).toEqual([
      'u/t1: counter 1 lost a completion that reached 2',
    ]);
    expect(findRecurringViolations([done('phone', 0), done('phone', 1, false)], [], store(task({ occurrence: 1 })))).toEqual([]);
    expect(findRecurringViolations([], [], store(task({ occurrence: 0 })))).toEqual([]);
  });

  it('[MV5] a counter below one a device pushed (a write that lowered it) is reported', () => {
    const ledger = createAckLedger(() => 1);
    ledger.answered(ledger.emitted('u', 'phone', [task({ occurrence: 3 })]), new Set());
    const completions = [0, 1, 2].map((from) => done('phone', from));
    expect(findRecurringViolations(completions, ledger.attempts, store(task({ occurrence: 2 })))).toEqual([
      'u/t1: counter 2 lost a completion that reached 3',
      'u/t1: counter 2 is below the 3 that phone pushed',
    ]);
  });

  it('[MV5] [DM15] a checklist item any device pushed as removed must be removed in the store', () => {
    const item = { id: 'milk', text: 'Milk', done: false, order: 'a0', textAt: FIXTURE_TIME, doneAt: FIXTURE_TIME, orderAt: FIXTURE_TIME };
    const ledger = createAckLedger(() => 1);
    ledger.failed(ledger.emitted('u', 'phone', [task({ checklist: [{ id: 'milk', removedAt: FIXTURE_TIME }] })]));
    expect(findRecurringViolations([], ledger.attempts, store(task({ checklist: [item] })))).toEqual([
      'u/t1: checklist item milk was removed on a device but is not removed in the store',
    ]);
    expect(findRecurringViolations([], ledger.attempts, store(task({ checklist: [{ id: 'milk', removedAt: FIXTURE_TIME }] })))).toEqual([]);
  });

  it('[F3] the replicas compare every field of the document but its id and revision', () => {
    expect([...CONTENT_FIELDS].sort()).toEqual(TASK_KEYS.filter((key) => key !== 'id' && key !== 'seq').sort());
  });
});
