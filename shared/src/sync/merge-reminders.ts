import { REMINDER_LIMITS, sortReminders, type Reminder } from '../domain/reminder';
import { sameValue } from './three-way-fields';

export type ReminderMergeInput = {
  local: readonly Reminder[];
  master: readonly Reminder[];
  /** The reminders both sides started from, when known; without a base nothing reads as removed. */
  base: readonly Reminder[] | undefined;
  /** Whether the local side wins a reminder both sides changed (its `updatedAt` is later). */
  localIsNewer: boolean;
};

function byId(reminders: readonly Reminder[]): Map<string, Reminder> {
  return new Map(reminders.map((reminder) => [reminder.id, reminder]));
}

/** One reminder on both sides: the three-way rule of [M1] [M2] for its value. */
function mergeOne(local: Reminder, master: Reminder, base: Reminder | undefined, localIsNewer: boolean): Reminder {
  if (sameValue(local, master)) return master;
  const localChanged = !base || !sameValue(local, base);
  const masterChanged = !base || !sameValue(master, base);
  if (localChanged && !masterChanged) return local;
  if (masterChanged && !localChanged) return master;
  return localIsNewer ? local : master;
}

/**
 * [RM5] Merges a task's reminders item by item, as the checklist merges its items ([DM14], [DM15]): joined by id; a
 * reminder added on either side is kept; a reminder in the base that either side removed stays removed, whatever the
 * other side changed (the removal wins); a reminder both sides hold merges three-way ([M1], [M2]: a change on one
 * side wins, a change on both goes to the later `updatedAt`). Without a base it is the union ([M6]). At most
 * `REMINDER_LIMITS.maxEntries` ([RM9]). Sorted by id.
 */
export function mergeReminders({ local, master, base, localIsNewer }: ReminderMergeInput): Reminder[] {
  const locals = byId(local);
  const masters = byId(master);
  const bases = base && byId(base);
  const merged: Reminder[] = [];
  for (const id of new Set([...masters.keys(), ...locals.keys()])) {
    const fromLocal = locals.get(id);
    const fromMaster = masters.get(id);
    const fromBase = bases?.get(id);
    if (fromBase && (!fromLocal || !fromMaster)) continue;
    if (fromLocal && fromMaster) merged.push(mergeOne(fromLocal, fromMaster, fromBase, localIsNewer));
    else merged.push((fromLocal ?? fromMaster)!);
  }
  return sortReminders(withinBound(merged, bases));
}

/**
 * [RM9] The merge stays within the document bound: the reminders of the base that survived first (a valid base holds
 * at most the bound, so all of them), then the added ones in id order up to the bound. It depends on the merged set
 * and the base only, not on the side each reminder came from, so the order merges happen in does not change what is kept.
 */
function withinBound(merged: Reminder[], bases: Map<string, Reminder> | undefined): Reminder[] {
  if (merged.length <= REMINDER_LIMITS.maxEntries) return merged;
  const kept = merged.filter((reminder) => bases?.has(reminder.id));
  const added = sortReminders(merged.filter((reminder) => !bases?.has(reminder.id)));
  return [...kept, ...added].slice(0, REMINDER_LIMITS.maxEntries);
}
