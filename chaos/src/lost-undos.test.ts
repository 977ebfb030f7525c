import { makeTask } from '@tasklane/testkit/task-fixture';
import type { TaskPushAttempt } from './ack-ledger';
import { findLostUndos, type UndoExpectation } from './lost-undos';

const undo: UndoExpectation = {
  userId: 'u',
  device: 'd0',
  taskId: 't',
  title: 'A',
  removedTag: 'lost-ack',
  updatedAt: '2026-01-01T00:00:02.000Z',
  lostPushEmittedAt: 1000,
};
const stored = (title: string, tags: string[]) => new Map([['u', new Map([['t', makeTask({ id: 't', title, tags })]])]]);
const attempt = (overrides: Partial<TaskPushAttempt> & { title: string; updatedAt: string }): TaskPushAttempt => ({
  collection: 'tasks',
  userId: 'u',
  device: 'd0',
  emittedAt: 2000,
  outcome: 'acknowledged',
  answeredAt: 2100,
  ...overrides,
  doc: makeTask({ id: 't', title: overrides.title, updatedAt: overrides.updatedAt }),
});

describe('the lost-undo check of the chaos harness', () => {
  it('[LE1] reports an undo that the store lost (the title or the removed tag came back)', () => {
    // The merge of the undo pushed B back: same updatedAt as the undo, so it supersedes nothing.
    const merged = attempt({ title: 'B', updatedAt: undo.updatedAt });
    expect(findLostUndos([undo], [merged], stored('B', []))).toEqual([expect.stringContaining('t.title')]);
    expect(findLostUndos([undo], [merged], stored('A', ['lost-ack']))).toEqual([expect.stringContaining('t.tags')]);
    expect(findLostUndos([undo], [], stored('A', []))).toEqual([]);
  });

  it('[LE1] does not report an undo that a later write may have replaced', () => {
    const laterOwnEdit = attempt({ title: 'C', updatedAt: '2026-01-01T00:00:03.000Z' });
    const otherDevice = attempt({ device: 'd1', title: 'D', updatedAt: '2026-01-01T00:00:01.000Z', outcome: 'unknown', answeredAt: null });
    const otherBefore = attempt({ device: 'd1', title: 'D', updatedAt: '2026-01-01T00:00:01.000Z', answeredAt: 900 });
    expect(findLostUndos([undo], [laterOwnEdit], stored('C', []))).toEqual([]);
    expect(findLostUndos([undo], [otherDevice], stored('D', []))).toEqual([]);
    expect(findLostUndos([undo], [otherBefore], stored('D', []))).toHaveLength(1);
  });
});
