import fc from 'fast-check';
import { addItem, isRemoved, moveItem, removeItem, renameItem, tickItem, visibleItems, type ChecklistEntry } from '../domain/checklist';
import { checklistSchema } from '../domain/checklist-schema';
import { mergeChecklist } from './merge-checklist';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 9, minute)).toISOString();

function base(): ChecklistEntry[] {
  let list: ChecklistEntry[] = [];
  for (const [index, id] of ['a', 'b', 'c', 'd'].entries()) list = addItem(list, { id, text: id.toUpperCase() }, index, at(0));
  return list;
}

describe('merging checklists', () => {
  it('[DM14] edits of different items, and of different fields of one item, all survive', () => {
    const shared = base();
    let phone = tickItem(shared, 'a', true, at(5));
    phone = renameItem(phone, 'c', 'C on the phone', at(6));
    phone = addItem(phone, { id: 'p', text: 'From the phone' }, 0, at(7));
    let laptop = renameItem(shared, 'a', 'A on the laptop', at(4));
    laptop = moveItem(laptop, 'd', 0, at(5));
    laptop = addItem(laptop, { id: 'l', text: 'From the laptop' }, 4, at(8));
    const merged = mergeChecklist(phone, laptop);
    expect(visibleItems(merged).map((item) => `${item.done ? 'x' : ' '} ${item.text}`)).toEqual([
      '  D',
      '  From the phone',
      'x A on the laptop',
      '  B',
      '  C on the phone',
      '  From the laptop',
    ]);
    expect(mergeChecklist(laptop, phone)).toEqual(merged);
    expect(checklistSchema.safeParse(merged).success).toBe(true);
  });

  it('[DM14] the same field edited on both devices goes to the later clock; on equal clocks, to the greater value', () => {
    const shared = base();
    const early = renameItem(shared, 'b', 'Early', at(5));
    const late = renameItem(shared, 'b', 'Late', at(6));
    expect(visibleItems(mergeChecklist(late, early)).find((item) => item.id === 'b')?.text).toBe('Late');
    const ticked = tickItem(shared, 'b', true, at(5));
    const unticked = tickItem(tickItem(shared, 'b', true, at(1)), 'b', false, at(5));
    expect(visibleItems(mergeChecklist(unticked, ticked)).find((item) => item.id === 'b')?.done).toBe(true);
  });

  it('[DM15] a removed item never comes back, whatever was done to it elsewhere and however late', () => {
    const shared = base();
    const removed = removeItem(shared, 'c', at(1));
    const edited = tickItem(renameItem(moveItem(shared, 'c', 0, at(50)), 'c', 'Still here?', at(51)), 'c', true, at(52));
    for (const merged of [mergeChecklist(removed, edited), mergeChecklist(edited, removed)]) {
      expect(merged.find((entry) => entry.id === 'c')).toEqual({ id: 'c', removedAt: at(1) });
      expect(visibleItems(merged).map((item) => item.id)).toEqual(['a', 'b', 'd']);
    }
    const removedLater = removeItem(shared, 'c', at(9));
    expect(mergeChecklist(removed, removedLater).find((entry) => entry.id === 'c')).toEqual({ id: 'c', removedAt: at(9) });
  });
});

/** One offline edit, aimed at the device's visible items by index. */
type Edit =
  | { kind: 'add'; position: number }
  | { kind: 'tick'; target: number; done: boolean }
  | { kind: 'rename'; target: number; text: string }
  | { kind: 'move'; target: number; position: number }
  | { kind: 'remove'; target: number };

const editArbitrary: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), position: fc.nat(6) }),
  fc.record({ kind: fc.constant('tick' as const), target: fc.nat(6), done: fc.boolean() }),
  fc.record({ kind: fc.constant('rename' as const), target: fc.nat(6), text: fc.constantFrom('x', 'y', 'z') }),
  fc.record({ kind: fc.constant('move' as const), target: fc.nat(6), position: fc.nat(6) }),
  fc.record({ kind: fc.constant('remove' as const), target: fc.nat(6) }),
);

type Replica = { list: ChecklistEntry[]; removed: Set<string> };

function applyEdits(shared: ChecklistEntry[], device: number, edits: { edit: Edit; minute: number }[]): Replica {
  let list = shared;
  const removed = new Set<string>();
  edits.forEach(({ edit, minute }, index) => {
    const visible = visibleItems(list);
    const target = visible.length > 0 && 'target' in edit ? visible[edit.target % visible.length]!.id : undefined;
    if (edit.kind === 'add') list = addItem(list, { id: `d${device}-${index}`, text: 'new' }, edit.position, at(minute));
    else if (target && edit.kind === 'tick') list = tickItem(list, target, edit.done, at(minute));
    else if (target && edit.kind === 'rename') list = renameItem(list, target, edit.text, at(minute));
    else if (target && edit.kind === 'move') list = moveItem(list, target, edit.position, at(minute));
    else if (target && edit.kind === 'remove') {
      list = removeItem(list, target, at(minute));
      removed.add(target);
    }
  });
  return { list, removed };
}

const devicesArbitrary = fc.array(fc.array(fc.record({ edit: editArbitrary, minute: fc.integer({ min: 1, max: 4 }) }), { maxLength: 8 }), {
  minLength: 2,
  maxLength: 4,
});

describe('merging checklists: properties', () => {
  it('[DM14] [DM15] devices converge whatever order their checklists merge in; the merge is commutative, associative, idempotent', () => {
    fc.assert(
      fc.property(devicesArbitrary, fc.nat(), (devices, seed) => {
        const shared = base();
        const replicas = devices.map((edits, device) => applyEdits(shared, device, edits));
        const lists = replicas.map((replica) => replica.list);
        const forward = lists.reduce(mergeChecklist);
        const turn = seed % lists.length;
        const otherOrder = [...lists.slice(turn), ...lists.slice(0, turn)].reverse();
        expect(otherOrder.reduce(mergeChecklist)).toEqual(forward);
        const [a, b, c = []] = lists as [ChecklistEntry[], ChecklistEntry[], ChecklistEntry[]?];
        expect(mergeChecklist(a, b)).toEqual(mergeChecklist(b, a));
        expect(mergeChecklist(mergeChecklist(a, b), c)).toEqual(mergeChecklist(a, mergeChecklist(b, c)));
        expect(mergeChecklist(forward, forward)).toEqual(forward);
        expect(checklistSchema.safeParse(forward).success).toBe(true);

        // Nothing removed anywhere comes back; everything added and not removed is there.
        for (const replica of replicas) {
          for (const id of replica.removed) expect(isRemoved(forward.find((entry) => entry.id === id)!)).toBe(true);
          for (const entry of replica.list) expect(forward.some((merged) => merged.id === entry.id)).toBe(true);
        }
        const visible = visibleItems(forward);
        expect(new Set(visible.map((item) => item.id)).size).toBe(visible.length);
      }),
    );
  });
});

/** A device's checklist built directly (addItem's planning costs too much at this size): live items and tombstones. */
function bigChecklist(device: number, ids: readonly { n: number; removed: boolean }[]): ChecklistEntry[] {
  return ids.map(({ n, removed }) => {
    const id = `i${String(n).padStart(4, '0')}`;
    const clock = at(device);
    return removed
      ? { id, removedAt: clock }
      : { id, text: `from ${device}`, done: false, order: 'a0', textAt: clock, doneAt: clock, orderAt: clock };
  });
}

/** 300–400 distinct ids of 0…2999, some removed: drawn from a seed, as fast-check's own arrays of this size cost seconds. */
const bigDeviceArbitrary = fc.nat().map((seed) => {
  let state = seed;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) >>> 8;
  const ids = new Map<number, boolean>();
  const size = 300 + (next() % 101);
  while (ids.size < size) ids.set(next() % 3000, next() % 2 === 0);
  return [...ids].map(([n, removed]) => ({ n, removed }));
});

describe('merging checklists: the document bound', () => {
  it('[DM24] devices that each added up to 400 entries merge to at most 1,000, the smallest ids, in any order; a removal stays for good', () => {
    fc.assert(
      fc.property(fc.array(bigDeviceArbitrary, { minLength: 3, maxLength: 4 }), fc.nat(), (devices, seed) => {
        const lists = devices.map((ids, device) => bigChecklist(device, ids));
        const forward = lists.reduce(mergeChecklist);
        expect(forward.length).toBeLessThanOrEqual(1000);
        expect(checklistSchema.safeParse(forward).success).toBe(true);
        const turn = seed % lists.length;
        expect([...lists.slice(turn), ...lists.slice(0, turn)].reverse().reduce(mergeChecklist)).toEqual(forward);
        const [a, b, c] = lists as [ChecklistEntry[], ChecklistEntry[], ChecklistEntry[]];
        expect(mergeChecklist(a, b)).toEqual(mergeChecklist(b, a));
        expect(mergeChecklist(mergeChecklist(a, b), c)).toEqual(mergeChecklist(a, mergeChecklist(b, c)));
        expect(mergeChecklist(forward, forward)).toEqual(forward);
        // The smallest ids of all, and merging any device's list again brings nothing back.
        const all = [...new Set(lists.flat().map((entry) => entry.id))].sort();
        expect(forward.map((entry) => entry.id)).toEqual(all.slice(0, 1000));
        for (const list of lists) expect(mergeChecklist(forward, list)).toEqual(forward);
        const live = new Set(visibleItems(forward).map((item) => item.id));
        expect(lists.flat().filter((entry) => isRemoved(entry) && live.has(entry.id))).toEqual([]);
      }),
      { numRuns: 15 },
    );
  });

  it('[DM24] an item whose tombstone was left out past the bound does not come back from a device that still shows it', () => {
    const removedThere = [
      ...bigChecklist(
        1,
        Array.from({ length: 999 }, (_, n) => ({ n, removed: false })),
      ),
      { id: 'zz', removedAt: at(9) },
    ];
    const stillShown = bigChecklist(2, [{ n: 999, removed: false }]).concat({
      ...bigChecklist(2, [{ n: 0, removed: false }])[0]!,
      id: 'zz',
    });
    const once = mergeChecklist(removedThere, stillShown);
    expect(once).toHaveLength(1000);
    expect(once.some((entry) => entry.id === 'zz')).toBe(false);
    expect(mergeChecklist(once, stillShown)).toEqual(once);
    expect(mergeChecklist(stillShown, once)).toEqual(once);
  });
});
