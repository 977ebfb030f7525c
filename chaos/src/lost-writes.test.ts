import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { FIXTURE_TIME, makeList, makeTask } from '@tasklane/testkit/task-fixture';
import { createAckLedger } from './ack-ledger';
import { canonicalJson } from './canonical-tasks';
import { findLostAcknowledgedWrites } from './lost-writes';

const task = (overrides: Partial<Task> = {}): Task =>
  makeTask({ id: 't1', title: 'first', createdAt: FIXTURE_TIME, updatedAt: FIXTURE_TIME, ...overrides });
const list = (overrides: Partial<TaskList> = {}): TaskList =>
  makeList({ id: 't1', name: 'Errands', createdAt: FIXTURE_TIME, updatedAt: FIXTURE_TIME, ...overrides });
const lists = (...stored: TaskList[]) => new Map([['u', new Map(stored.map((one) => [one.id, one]))]]);

/** The checker itself must be able to fail: a harness that cannot see a lost write proves nothing. */
describe('the lost-write check of the chaos harness', () => {
  let clock = 0;
  const ledger = () => createAckLedger(() => (clock += 10));

  it('[F2] an acknowledged value that is gone with no later write to the field is reported', () => {
    const log = ledger();
    log.answered(log.emitted('u', 'phone', [task({ title: 'kept?' })]), new Set());
    const lost = findLostAcknowledgedWrites(log.attempts, new Map([['u', new Map([['t1', task({ title: 'first' })]])]]));
    expect(lost).toEqual([expect.stringContaining('u/t1.title: "kept?" acknowledged by phone is gone')]);
  });

  it('[F2] an acknowledged task missing from the store is reported', () => {
    const log = ledger();
    log.answered(log.emitted('u', 'phone', [task()]), new Set());
    expect(findLostAcknowledgedWrites(log.attempts, new Map([['u', new Map()]]))).toEqual([
      'u/t1: acknowledged by phone but missing from the store',
    ]);
  });

  it('[F2] a value superseded by a later acknowledged (or unanswered) write of the same field is fine', () => {
    const log = ledger();
    log.answered(log.emitted('u', 'phone', [task({ title: 'old' })]), new Set());
    log.failed(log.emitted('u', 'laptop', [task({ title: 'new' })])); // may have landed
    expect(findLostAcknowledgedWrites(log.attempts, new Map([['u', new Map([['t1', task({ title: 'new' })]])]]))).toEqual([]);
  });

  it('[F2] a write answered as a conflict, or answered before the lost one was sent, supersedes nothing', () => {
    const log = ledger();
    log.answered(log.emitted('u', 'laptop', [task({ title: 'earlier' })]), new Set());
    log.answered(log.emitted('u', 'tablet', [task({ title: 'rejected' })]), new Set(['t1']));
    log.answered(log.emitted('u', 'phone', [task({ title: 'acknowledged last' })]), new Set());
    const lost = findLostAcknowledgedWrites(log.attempts, new Map([['u', new Map([['t1', task({ title: 'earlier' })]])]]));
    expect(lost).toEqual([expect.stringContaining('"acknowledged last" acknowledged by phone is gone')]);
  });

  it('[CL1] an acknowledged list write is checked against the lists: a lost rename or tombstone is reported', () => {
    const log = ledger();
    log.answered(log.emittedLists('u', 'phone', [list({ name: 'Shopping' })]), new Set());
    log.answered(log.emittedLists('u', 'laptop', [list({ id: 'l2', _deleted: true })]), new Set());
    const stored = lists(list({ name: 'Errands' }), list({ id: 'l2' }));
    // A task with the same id is another document: it neither satisfies nor supersedes the list's write.
    const tasks = new Map([['u', new Map([['t1', task({ title: 'Shopping' })]])]]);
    expect(findLostAcknowledgedWrites(log.attempts, tasks, stored)).toEqual([
      expect.stringContaining('u/list t1.name: "Shopping" acknowledged by phone is gone'),
      expect.stringContaining('u/list l2._deleted: true acknowledged by laptop is gone'),
    ]);
    expect(findLostAcknowledgedWrites(log.attempts, tasks, lists())).toEqual([
      'u/list t1: acknowledged by phone but missing from the store',
      'u/list l2: acknowledged by laptop but missing from the store',
    ]);
  });

  it('[CL1] a list write superseded by a later list write of the field is fine, and a task write supersedes no list write', () => {
    const log = ledger();
    log.answered(log.emittedLists('u', 'phone', [list({ name: 'Shopping' })]), new Set());
    log.answered(log.emitted('u', 'laptop', [task({ title: 'Errands' })]), new Set());
    const tasks = new Map([['u', new Map([['t1', task({ title: 'Errands' })]])]]);
    expect(findLostAcknowledgedWrites(log.attempts, tasks, lists(list({ name: 'Errands' })))).toHaveLength(1);
    log.failed(log.emittedLists('u', 'tablet', [list({ name: 'Errands' })]));
    expect(findLostAcknowledgedWrites(log.attempts, tasks, lists(list({ name: 'Errands' })))).toEqual([]);
  });

  it('[F3] canonical JSON ignores key and document order, and sees tombstones and revisions', () => {
    const a = task({ id: 'a' });
    const b = task({ id: 'b', seq: 4 });
    expect(canonicalJson([a, b])).toBe(canonicalJson([b, { ...a }]));
    expect(canonicalJson([a])).not.toBe(canonicalJson([{ ...a, _deleted: true }]));
    expect(canonicalJson([b])).not.toBe(canonicalJson([{ ...b, seq: 5 }]));
  });
});
