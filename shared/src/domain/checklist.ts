import type { z } from 'zod';
import { instantAfter, laterInstant } from './canonical-instant';
import type { checklistItemSchema, removedChecklistItemSchema } from './checklist-schema';
import { compareOrdered, planInsert } from './order-key';

export const CHECKLIST_LIMITS = {
  textMaxLength: 500,
  /** What one device may add up to (live items); the schema bound leaves room for what merges bring in. */
  maxLiveItems: 100,
  /** Live and removed entries a device may hold before it stops adding. */
  maxEntriesToAdd: 400,
  /** The schema bound: room for a merge of a few devices that each stayed under the limits above; a merge keeps within it ([DM24]). */
  maxEntries: 1000,
} as const;

export type ChecklistItem = z.infer<typeof checklistItemSchema>;
export type RemovedChecklistItem = z.infer<typeof removedChecklistItemSchema>;
export type ChecklistEntry = ChecklistItem | RemovedChecklistItem;

export function isRemoved(entry: ChecklistEntry): entry is RemovedChecklistItem {
  return 'removedAt' in entry;
}

/** The items to show, in their order ([DM17]). */
export function visibleItems(checklist: readonly ChecklistEntry[]): ChecklistItem[] {
  return checklist.filter((entry): entry is ChecklistItem => !isRemoved(entry)).sort(compareOrdered);
}

/** A field's new clock: the edit's time, but always past the clock it replaces, so a local edit wins over what it saw. */
function tick(previous: string, at: string): string {
  return laterInstant(at, instantAfter(previous));
}

function updateItem(checklist: readonly ChecklistEntry[], id: string, change: (item: ChecklistItem) => ChecklistItem): ChecklistEntry[] {
  return checklist.map((entry) => (entry.id === id && !isRemoved(entry) ? change(entry) : entry));
}

/** [DM13] Adds an item at `position` among the visible ones (siblings that need a new key get one, [DM17]). */
export function addItem(
  checklist: readonly ChecklistEntry[],
  item: { id: string; text: string },
  position: number,
  at: string,
): ChecklistEntry[] {
  if (checklist.some((entry) => entry.id === item.id)) throw new Error(`checklist item ${item.id} exists already`);
  const visible = visibleItems(checklist);
  if (visible.length >= CHECKLIST_LIMITS.maxLiveItems || checklist.length >= CHECKLIST_LIMITS.maxEntriesToAdd) {
    throw new Error(
      `a checklist holds at most ${CHECKLIST_LIMITS.maxLiveItems} items (and ${CHECKLIST_LIMITS.maxEntriesToAdd} ever added)`,
    );
  }
  const plan = planInsert(visible, position);
  const rekeyed = new Map(plan.rekeyed.map((sibling) => [sibling.id, sibling.order]));
  const moved = checklist.map((entry) => {
    const order = rekeyed.get(entry.id);
    return order === undefined || isRemoved(entry) ? entry : { ...entry, order, orderAt: tick(entry.orderAt, at) };
  });
  return [...moved, { id: item.id, text: item.text, done: false, order: plan.key, textAt: at, doneAt: at, orderAt: at }];
}

/** [DM13] Ticks or unticks an item; an item removed meanwhile stays removed ([DM15]). */
export function tickItem(checklist: readonly ChecklistEntry[], id: string, done: boolean, at: string): ChecklistEntry[] {
  return updateItem(checklist, id, (item) => ({ ...item, done, doneAt: tick(item.doneAt, at) }));
}

/** [DM13] Changes an item's text. */
export function renameItem(checklist: readonly ChecklistEntry[], id: string, text: string, at: string): ChecklistEntry[] {
  return updateItem(checklist, id, (item) => ({ ...item, text, textAt: tick(item.textAt, at) }));
}

/** [DM13] Moves an item to `position` among the other visible items. */
export function moveItem(checklist: readonly ChecklistEntry[], id: string, position: number, at: string): ChecklistEntry[] {
  const visible = visibleItems(checklist);
  if (!visible.some((item) => item.id === id)) return [...checklist];
  const plan = planInsert(
    visible.filter((item) => item.id !== id),
    position,
  );
  const orders = new Map([[id, plan.key], ...plan.rekeyed.map((sibling): [string, string] => [sibling.id, sibling.order])]);
  return checklist.map((entry) => {
    const order = orders.get(entry.id);
    return order === undefined || isRemoved(entry) ? entry : { ...entry, order, orderAt: tick(entry.orderAt, at) };
  });
}

/** [DM15] Removes an item, leaving a tombstone. */
export function removeItem(checklist: readonly ChecklistEntry[], id: string, at: string): ChecklistEntry[] {
  return checklist.map((entry) => (entry.id === id && !isRemoved(entry) ? { id, removedAt: at } : entry));
}
