import { addItem, removeItem, visibleItems, type ChecklistEntry, type ChecklistItem } from '@tasklane/shared/domain/checklist';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { applyChecklistInput } from './checklist-input';

const T0 = '2026-03-01T09:00:00.000Z';
const T1 = '2026-03-01T10:00:00.000Z';

function checklistOf(...texts: string[]): ChecklistEntry[] {
  return texts.reduce<ChecklistEntry[]>((checklist, text, index) => addItem(checklist, { id: text, text }, index, T0), []);
}

const view = (checklist: readonly ChecklistEntry[]) => visibleItems(checklist).map((item) => `${item.done ? 'x' : ' '}${item.text}`);
const byId = (checklist: readonly ChecklistEntry[]) => new Map(checklist.map((entry) => [entry.id, entry]));
/** Which items had some clock stamped by the edit. */
function touched(before: readonly ChecklistEntry[], after: readonly ChecklistEntry[]): string[] {
  const old = byId(before);
  return after.filter((entry) => JSON.stringify(entry) !== JSON.stringify(old.get(entry.id))).map((entry) => entry.id);
}
const newIds = (index: number) => `new-${index}`;

describe('a REST checklist applied as checklist operations', () => {
  it('[LR5] the input is the whole visible checklist in order: added, renamed, ticked, moved and removed items, each with its clock', () => {
    const before = checklistOf('a', 'b', 'c', 'd');
    const after = applyChecklistInput(
      before,
      [{ id: 'b', text: 'B!' }, { id: 'a', text: 'a', done: true }, { text: 'e' }, { id: 'd', text: 'd' }],
      T1,
      newIds,
    );
    expect(view(after)).toEqual([' B!', 'xa', ' e', ' d']);
    const items = byId(after);
    expect(items.get('c')).toEqual({ id: 'c', removedAt: T1 });
    expect(items.get('new-2')).toMatchObject({ text: 'e', textAt: T1, doneAt: T1, orderAt: T1 });
    expect(items.get('b')).toMatchObject({ textAt: T1, doneAt: T0 });
    expect(items.get('a')).toMatchObject({ textAt: T0, doneAt: T1 });
    // d kept its place relative to the others that stayed: nothing stamped it.
    expect(items.get('d')).toEqual(byId(before).get('d'));
  });

  it('[LR5] the same input again changes nothing, and only what changed gets a clock', () => {
    const before = checklistOf('a', 'b', 'c');
    const input = [
      { id: 'a', text: 'a' },
      { id: 'b', text: 'b', done: true },
      { id: 'c', text: 'c' },
    ];
    const once = applyChecklistInput(before, input, T1, newIds);
    expect(touched(before, once)).toEqual(['b']);
    expect(applyChecklistInput(once, input, '2026-03-01T11:00:00.000Z', newIds)).toEqual(once);
  });

  it('[LR5] a reorder moves as few items as it can: moving the first to the end stamps one item, a swap one', () => {
    const before = checklistOf('a', 'b', 'c', 'd', 'e');
    const rotated = applyChecklistInput(
      before,
      ['b', 'c', 'd', 'e', 'a'].map((id) => ({ id, text: id })),
      T1,
      newIds,
    );
    expect(view(rotated)).toEqual([' b', ' c', ' d', ' e', ' a']);
    expect(touched(before, rotated)).toEqual(['a']);
    const swapped = applyChecklistInput(
      before,
      ['a', 'c', 'b', 'd', 'e'].map((id) => ({ id, text: id })),
      T1,
      newIds,
    );
    expect(view(swapped)).toEqual([' a', ' c', ' b', ' d', ' e']);
    expect(touched(before, swapped)).toHaveLength(1);
    const reversed = applyChecklistInput(
      before,
      ['e', 'd', 'c', 'b', 'a'].map((id) => ({ id, text: id })),
      T1,
      newIds,
    );
    expect(view(reversed)).toEqual([' e', ' d', ' c', ' b', ' a']);
    expect(touched(before, reversed)).toHaveLength(4);
  });

  it('[LR5] [DM15] an item removed on another device stays removed whatever the input says of it', () => {
    const before = removeItem(checklistOf('a', 'b'), 'b', T0);
    const after = applyChecklistInput(
      before,
      [
        { id: 'a', text: 'a' },
        { id: 'b', text: 'back?', done: true },
      ],
      T1,
      newIds,
    );
    expect(view(after)).toEqual([' a']);
    expect(byId(after).get('b')).toEqual({ id: 'b', removedAt: T0 });
  });

  it('[LR5] a checklist that has had 400 items takes no new one: INVALID_MESSAGE naming the item', () => {
    let checklist = checklistOf();
    for (let index = 0; index < 400; index += 1)
      checklist = removeItem(addItem(checklist, { id: `i${index}`, text: 'x' }, 0, T0), `i${index}`, T0);
    const attempt = () => applyChecklistInput(checklist, [{ text: 'one more' }], T1, newIds);
    expect(attempt).toThrow(ProtocolError);
    expect(attempt).toThrow(/^checklist\.0: .*400/);
    expect(visibleItems(checklist)).toEqual<ChecklistItem[]>([]);
  });
});
