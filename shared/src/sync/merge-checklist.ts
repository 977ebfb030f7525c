import { laterInstant } from '../domain/canonical-instant';
import { CHECKLIST_LIMITS, isRemoved, type ChecklistEntry, type ChecklistItem } from '../domain/checklist';
import { compareIds } from '../domain/string-order';

/** A last-writer-wins register: the later clock, then the greater value, so that equal clocks still agree everywhere. */
function register<V extends string | boolean>(a: { value: V; at: string }, b: { value: V; at: string }): { value: V; at: string } {
  if (a.at !== b.at) return a.at > b.at ? a : b;
  return a.value >= b.value ? a : b;
}

function mergeItems(a: ChecklistItem, b: ChecklistItem): ChecklistItem {
  const text = register({ value: a.text, at: a.textAt }, { value: b.text, at: b.textAt });
  const done = register({ value: a.done, at: a.doneAt }, { value: b.done, at: b.doneAt });
  const order = register({ value: a.order, at: a.orderAt }, { value: b.order, at: b.orderAt });
  return { id: a.id, text: text.value, done: done.value, order: order.value, textAt: text.at, doneAt: done.at, orderAt: order.at };
}

/** [DM14] [DM15] One entry seen on two devices: removal wins over every edit; otherwise each field is merged on its own. */
function mergeEntries(a: ChecklistEntry, b: ChecklistEntry): ChecklistEntry {
  if (isRemoved(a) && isRemoved(b)) return { id: a.id, removedAt: laterInstant(a.removedAt, b.removedAt) };
  if (isRemoved(a)) return a;
  if (isRemoved(b)) return b;
  return mergeItems(a, b);
}

/**
 * [DM14] [DM15] Merges two versions of a task's checklist without a base: the union of the items by id, an item on
 * both sides merged field by field (each field a last-writer-wins register on its own clock), a removal kept for good.
 * Commutative, associative and idempotent, so devices converge whatever order they merge in. The result is sorted
 * by id, one spelling for one content, and holds at most `CHECKLIST_LIMITS.maxEntries` entries ([DM24]).
 */
export function mergeChecklist(a: readonly ChecklistEntry[], b: readonly ChecklistEntry[]): ChecklistEntry[] {
  const merged = new Map<string, ChecklistEntry>();
  for (const entry of [...a, ...b]) {
    const seen = merged.get(entry.id);
    merged.set(entry.id, seen ? mergeEntries(seen, entry) : entry);
  }
  // [DM24] Within the document bound: the entries with the smallest ids. An id left out has that many smaller ids in the
  // result, which every later merge keeps, so it never comes back (a tombstone left out cannot let its item return).
  return [...merged.values()].sort(compareIds).slice(0, CHECKLIST_LIMITS.maxEntries);
}
