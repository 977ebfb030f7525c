import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import { compareIds, compareStrings } from './string-order';

/**
 * Keys grow by about one character per six inserts at the same spot; past this bound the siblings are renumbered
 * ([DM17]). RxDB needs a `maxLength` on indexed strings anyway.
 */
export const ORDER_KEY_LIMITS = { maxLength: 128 } as const;

/** Something placed by hand among its siblings: a task in its list, a list among lists, a checklist item. */
export type Ordered = { id: string; order: string };

/** Why `key` is not an order key, or `null` when it is one. */
export function orderKeyProblem(key: string): string | null {
  if (key.length < 2 || key.length > ORDER_KEY_LIMITS.maxLength) return `must be 2–${ORDER_KEY_LIMITS.maxLength} characters`;
  if (!/^[0-9A-Za-z]+$/.test(key)) return 'may contain only 0-9, A-Z and a-z';
  try {
    // The library validates both ends of the interval it is given: its integer head, length and no trailing zero.
    generateKeyBetween(key, null);
  } catch {
    return 'is not a fractional index (head letter, integer length, no trailing 0)';
  }
  return null;
}

/** [DM17] Siblings sort by key, then by id: two devices that inserted at the same spot got the same key. */
export function compareOrdered(a: Ordered, b: Ordered): number {
  return compareStrings(a.order, b.order) || compareIds(a, b);
}

/** The first key of an empty list. */
export function firstKey(): string {
  return generateKeyBetween(null, null);
}

/** [DM16] A key strictly between two keys (`null` is either end); refuses invalid keys and an empty interval. */
export function keyBetween(lower: string | null, upper: string | null): string {
  for (const key of [lower, upper]) {
    const problem = key === null ? null : orderKeyProblem(key);
    if (problem) throw new Error(`order key "${key}" ${problem}`);
  }
  if (lower !== null && upper !== null && lower >= upper) throw new Error(`no key lies between "${lower}" and "${upper}"`);
  return generateKeyBetween(lower, upper);
}

/** Where a new or moved item goes: its key, and the siblings that need a new key for it to fit ([DM17]). */
export type InsertPlan = { key: string; rekeyed: Ordered[] };

function fits(keys: readonly string[]): boolean {
  return keys.every((key) => key.length <= ORDER_KEY_LIMITS.maxLength);
}

/** Every sibling gets a fresh, short key, the new item at `position` among them. */
function renumbered(sorted: readonly Ordered[], position: number): InsertPlan {
  const keys = generateNKeysBetween(null, null, sorted.length + 1);
  return {
    key: keys[position]!,
    rekeyed: sorted.map((item, index) => ({ id: item.id, order: keys[index < position ? index : index + 1]! })),
  };
}

/**
 * [DM17] Plans putting an item at `position` (0 = first) among `siblings` (any order; the item itself must not be
 * among them). Usually only the new key. When the neighbours share a key (concurrent inserts), the run of equal
 * keys from `position` on is given fresh keys so the item can go between them; when keys grow past the bound, the
 * whole list is renumbered.
 */
export function planInsert(siblings: readonly Ordered[], position: number): InsertPlan {
  const sorted = [...siblings].sort(compareOrdered);
  const at = Math.max(0, Math.min(position, sorted.length));
  const lower = sorted[at - 1]?.order ?? null;
  const upper = sorted[at]?.order ?? null;
  if (lower === null || upper === null || lower < upper) {
    const key = generateKeyBetween(lower, upper);
    return fits([key]) ? { key, rekeyed: [] } : renumbered(sorted, at);
  }
  let runEnd = at;
  while (sorted[runEnd]?.order === upper) runEnd += 1;
  const run = sorted.slice(at, runEnd);
  const keys = generateNKeysBetween(upper, sorted[runEnd]?.order ?? null, run.length + 1);
  if (!fits(keys)) return renumbered(sorted, at);
  return { key: keys[0]!, rekeyed: run.map((item, index) => ({ id: item.id, order: keys[index + 1]! })) };
}

/** [DM17] Plans moving the item `id` to `position` among the others. */
export function planMove(siblings: readonly Ordered[], id: string, position: number): InsertPlan {
  return planInsert(
    siblings.filter((item) => item.id !== id),
    position,
  );
}
