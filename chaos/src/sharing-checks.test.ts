import type { Task } from '@tasklane/shared/domain/task';
import { FIXTURE_TIME, makeTask } from '@tasklane/testkit/task-fixture';
import { createAckLedger } from './ack-ledger';
import { createAccessLog } from './sharing-access';
import { findLeaks } from './sharing-leaks';
import type { Receipt } from './sharing-receipts';
import { findDroppedRefusals } from './sharing-refusals';
import { compareDevice, lastPushes } from './sharing-visibility';

/** The checks of the shared-lists chaos must be able to fail: a checker that sees nothing proves nothing. */
describe('the checks of the shared-lists chaos', () => {
  const log = () => {
    const access = createAccessLog((listId) => (listId === 'L' ? 'owner' : null));
    access.record({ userId: 'bob', listId: 'L', kind: 'grant', requestedAt: 10, settledAt: 20 });
    access.record({ userId: 'bob', listId: 'L', kind: 'revoke', requestedAt: 100, settledAt: 110 });
    return access;
  };
  const receipt = (overrides: Partial<Receipt>): Receipt => ({
    device: 'bob-phone',
    userId: 'bob',
    via: 'pull',
    collection: 'tasks',
    id: 't1',
    listId: 'L',
    updatedAt: FIXTURE_TIME,
    sentAt: -Infinity,
    receivedAt: 200,
    ...overrides,
  });

  it('[CS3] a pull sent after the revocation was settled that brings the list’s content is a leak; one sent before is not', () => {
    expect(findLeaks([receipt({ sentAt: 120 })], log(), [])).toEqual([expect.stringContaining('bob-phone received task t1 by pull')]);
    expect(findLeaks([receipt({ sentAt: 105 })], log(), [])).toEqual([]);
    expect(findLeaks([receipt({ sentAt: 50, receivedAt: 60 })], log(), [])).toEqual([]);
  });

  it('[CS3] a broadcast is a leak only for content first sent after the revocation, and not once access is asked for again', () => {
    let clock = 0;
    const ledger = createAckLedger(() => clock);
    clock = 130;
    ledger.emitted('owner', 'owner-phone', [makeTask({ id: 't1', listId: 'L', updatedAt: FIXTURE_TIME })]);
    const broadcast = receipt({ via: 'changes', receivedAt: 150 });
    expect(findLeaks([broadcast], log(), ledger.attempts)).toHaveLength(1);
    clock = 90; // the same content was sent before the revocation too: it may have been served then
    ledger.emitted('owner', 'owner-laptop', [makeTask({ id: 't1', listId: 'L', updatedAt: FIXTURE_TIME })]);
    expect(findLeaks([broadcast], log(), ledger.attempts)).toEqual([]);
    const rejoined = log();
    rejoined.record({ userId: 'bob', listId: 'L', kind: 'grant', requestedAt: 140, settledAt: 160 });
    expect(findLeaks([receipt({ sentAt: 120 })], rejoined, [])).toEqual([]);
  });

  it('[CS3] a task in an Inbox reaching a user who never wrote it is a leak', () => {
    expect(findLeaks([receipt({ listId: 'inbox' })], log(), [])).toEqual([expect.stringContaining('an Inbox its user never wrote')]);
  });

  it('[CS1] a device missing a document, or holding one its user may not see, differs; a kept refusal does not', () => {
    const stored: Task = makeTask({ id: 't1', title: 'shared', seq: 7 });
    const truth = { tasks: [stored], lists: [] };
    expect(compareDevice('phone', { tasks: [], lists: [] }, truth, new Map()).differences).toHaveLength(1);
    const extra = makeTask({ id: 't2', title: 'not mine' });
    expect(compareDevice('phone', { tasks: [stored, extra], lists: [] }, truth, new Map()).differences).toHaveLength(1);
    const ledger = createAckLedger();
    const edit = { ...stored, title: 'viewer edit' };
    ledger.answered(ledger.emitted('bob', 'phone', [edit]), new Set(), new Set(['t1']));
    expect(compareDevice('phone', { tasks: [edit], lists: [] }, truth, lastPushes(ledger.attempts, 'phone'))).toEqual({
      differences: [],
      keptRefusals: 1,
      taskIds: [],
    });
    // Newer than the refused row in the store: the device should have pulled it.
    const newer = { tasks: [{ ...stored, seq: 9 }], lists: [] };
    expect(compareDevice('phone', { tasks: [edit], lists: [] }, newer, lastPushes(ledger.attempts, 'phone')).differences).toHaveLength(1);
  });

  it('[CS4] a refused edit gone from the device’s refused rows is reported; a refused deletion need not be kept', () => {
    const ledger = createAckLedger();
    const edit = makeTask({ id: 't1', title: 'viewer edit' });
    ledger.answered(ledger.emitted('bob', 'phone', [edit, makeTask({ id: 't2', _deleted: true })]), new Set(), new Set(['t1', 't2']));
    const last = lastPushes(ledger.attempts, 'phone');
    expect(findDroppedRefusals('phone', last, new Map())).toEqual(['phone: the refused edit of tasks t1 is gone from its refused rows']);
    const kept = new Map([['tasks:t1', { collection: 'tasks', id: 't1', message: 'no access', document: edit }]]);
    expect(findDroppedRefusals('phone', last, kept)).toEqual([]);
  });
});
