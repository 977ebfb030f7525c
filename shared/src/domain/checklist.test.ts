import { addItem, CHECKLIST_LIMITS, moveItem, removeItem, renameItem, tickItem, visibleItems, type ChecklistEntry } from './checklist';
import { checklistSchema } from './checklist-schema';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 9, minute)).toISOString();

function texts(checklist: readonly ChecklistEntry[]): string[] {
  return visibleItems(checklist).map((item) => `${item.done ? '[x]' : '[ ]'} ${item.text}`);
}

describe('checklist items', () => {
  it('[DM13] a checklist is parsed strictly: live items with a clock per field, removed ones as tombstones, ids unique', () => {
    let list = addItem([], { id: 'milk', text: 'Milk' }, 0, at(0));
    list = addItem(list, { id: 'eggs', text: 'Eggs' }, 1, at(1));
    list = removeItem(list, 'milk', at(2));
    expect(checklistSchema.safeParse(list).success).toBe(true);
    expect(list).toContainEqual({ id: 'milk', removedAt: at(2) });

    const item = list.find((entry) => entry.id === 'eggs')!;
    const problems = (value: unknown) => checklistSchema.safeParse(value).error?.issues.map((issue) => issue.message);
    expect(problems([item, item])).toEqual(['item ids must be unique']);
    expect(checklistSchema.safeParse([{ ...item, text: '' }]).success).toBe(false);
    expect(checklistSchema.safeParse([{ ...item, order: 'a00' }]).success).toBe(false);
    expect(checklistSchema.safeParse([{ ...item, doneAt: '2026-01-01T09:00:00+00:00' }]).success).toBe(false);
    expect(checklistSchema.safeParse([{ ...item, updatedAt: at(3) }]).success).toBe(false);
    expect(checklistSchema.safeParse([{ id: 'milk', removedAt: at(2), text: 'Milk' }]).success).toBe(false);
    expect(checklistSchema.safeParse([{ ...item, id: 'has space' }]).success).toBe(false);
    expect(
      checklistSchema.safeParse(
        Array.from({ length: CHECKLIST_LIMITS.maxEntries + 1 }, (_, index) => ({ id: `r${index}`, removedAt: at(0) })),
      ).success,
    ).toBe(false);
  });

  it('[DM13] add, tick, rename, move and remove; an edit of a removed item changes nothing', () => {
    let list: ChecklistEntry[] = [];
    for (const [index, text] of ['Flour', 'Sugar', 'Butter'].entries())
      list = addItem(list, { id: text.toLowerCase(), text }, index, at(index));
    list = addItem(list, { id: 'eggs', text: 'Eggs' }, 1, at(4));
    expect(texts(list)).toEqual(['[ ] Flour', '[ ] Eggs', '[ ] Sugar', '[ ] Butter']);
    list = tickItem(list, 'sugar', true, at(5));
    list = renameItem(list, 'butter', 'Salted butter', at(6));
    list = moveItem(list, 'flour', 3, at(7));
    expect(texts(list)).toEqual(['[ ] Eggs', '[x] Sugar', '[ ] Salted butter', '[ ] Flour']);
    list = removeItem(list, 'eggs', at(8));
    expect(tickItem(list, 'eggs', true, at(9))).toEqual(list);
    expect(moveItem(list, 'eggs', 0, at(9))).toEqual(list);
    expect(texts(list)).toEqual(['[x] Sugar', '[ ] Salted butter', '[ ] Flour']);
    expect(() => addItem(list, { id: 'eggs', text: 'Eggs again' }, 0, at(10))).toThrow('checklist item eggs exists already');
  });

  it('[DM13] an edit made with a clock behind the one it replaces still moves that clock forward', () => {
    const list = addItem([], { id: 'a', text: 'A' }, 0, at(30));
    const ticked = tickItem(list, 'a', true, at(10));
    expect(ticked[0]).toMatchObject({ done: true, doneAt: '2026-01-01T09:30:00.001Z' });
  });

  it('[DM13] one device adds at most 100 live items', () => {
    let list: ChecklistEntry[] = [];
    for (let index = 0; index < CHECKLIST_LIMITS.maxLiveItems; index += 1)
      list = addItem(list, { id: `i${index}`, text: 'x' }, index, at(0));
    expect(() => addItem(list, { id: 'one-more', text: 'x' }, 0, at(1))).toThrow('a checklist holds at most 100 items');
    expect(checklistSchema.safeParse(list).success).toBe(true);
  });
});
