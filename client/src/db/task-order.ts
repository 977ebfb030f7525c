import { compareOrdered, keyBetween, planMove, type Ordered } from '@tasklane/shared/domain/order-key';

/** A task or list as it is shown among its siblings: placed by hand (a key) or not yet (`null`: after the placed ones). */
export type Placeable = { id: string; order: string | null };

/**
 * [CM6] The order keys a move writes: `siblings` as the user sees them (placed ones by key, then the never-placed ones in the order given),
 * `id` going to `position` among the others. Usually one key ([DM17]). Never-placed siblings the item lands after get
 * keys first, in the order they are shown, so the move puts the item exactly where it was dropped; those after it stay
 * unplaced. Returns the new key of every document to write, the moved one included.
 */
export function planPlacedMove(siblings: readonly Placeable[], id: string, position: number): Map<string, string> {
  const others = siblings.filter((sibling) => sibling.id !== id);
  const at = Math.max(0, Math.min(position, others.length));
  const placed: Ordered[] = others.filter((sibling): sibling is Ordered => sibling.order !== null).sort(compareOrdered);
  const unplaced = others.filter((sibling) => sibling.order === null);
  const keys = new Map<string, string>();
  if (at <= placed.length) {
    const plan = planMove(placed, id, at);
    for (const sibling of plan.rekeyed) keys.set(sibling.id, sibling.order);
    keys.set(id, plan.key);
    return keys;
  }
  let last = placed[placed.length - 1]?.order ?? null;
  for (const sibling of unplaced.slice(0, at - placed.length)) {
    last = keyBetween(last, null);
    keys.set(sibling.id, last);
  }
  keys.set(id, keyBetween(last, null));
  return keys;
}
