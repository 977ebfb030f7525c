import {
  addItem,
  CHECKLIST_LIMITS,
  isRemoved,
  moveItem,
  removeItem,
  renameItem,
  tickItem,
  visibleItems,
  type ChecklistEntry,
} from '@tasklane/shared/domain/checklist';
import type { ChecklistItemInput } from '@tasklane/shared/domain/task-input';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';

/**
 * Indices (into `positions`) of a longest strictly increasing run: the items that can stay where they are while the
 * others move around them, so a reorder stamps `orderAt` on as few items as possible (a needless move would override
 * another device's concurrent move of that item, [DM14]). At most 100 items: quadratic is fine.
 */
function longestIncreasing(positions: readonly number[]): Set<number> {
  const length = positions.map(() => 1);
  const previous = positions.map(() => -1);
  let best = -1;
  positions.forEach((position, i) => {
    for (let j = 0; j < i; j += 1) {
      if (positions[j]! < position && length[j]! + 1 > length[i]!) {
        length[i] = length[j]! + 1;
        previous[i] = j;
      }
    }
    if (best === -1 || length[i]! > length[best]!) best = i;
  });
  const kept = new Set<number>();
  for (let i = best; i !== -1; i = previous[i]!) kept.add(i);
  return kept;
}

/**
 * [DM20] Turns the whole visible checklist a REST client sent (`[{ id?, text, done? }]`, in order) into the operations
 * of shared/src/domain/checklist.ts on the current checklist, so every changed field gets its clock and nothing else
 * does: items left out are removed, new ones added where they stand (`newItemId` names those without an id), texts
 * renamed, ticks set, and the fewest items moved to reach the order. An item that was removed stays removed ([DM15]),
 * whatever the input says of it.
 */
export function applyChecklistInput(
  current: readonly ChecklistEntry[],
  input: readonly ChecklistItemInput[],
  at: string,
  newItemId: (index: number) => string,
): ChecklistEntry[] {
  const removedIds = new Set(current.filter(isRemoved).map((entry) => entry.id));
  const wanted = input
    .map((item, index) => ({ id: item.id ?? newItemId(index), text: item.text, done: item.done }))
    .filter((item) => !removedIds.has(item.id));
  const wantedIds = new Set(wanted.map((item) => item.id));
  let checklist: ChecklistEntry[] = [...current];
  for (const item of visibleItems(checklist)) if (!wantedIds.has(item.id)) checklist = removeItem(checklist, item.id, at);

  const before = new Map(visibleItems(checklist).map((item, index) => [item.id, index]));
  const existing = wanted.filter((item) => before.has(item.id));
  const stay = longestIncreasing(existing.map((item) => before.get(item.id)!));
  const staying = new Set([...stay].map((index) => existing[index]!.id));

  wanted.forEach((item, index) => {
    const previousId = wanted[index - 1]?.id;
    const position = () =>
      previousId === undefined
        ? 0
        : visibleItems(checklist)
            .filter((other) => other.id !== item.id)
            .findIndex((other) => other.id === previousId) + 1;
    if (!before.has(item.id)) {
      if (checklist.length >= CHECKLIST_LIMITS.maxEntriesToAdd) {
        throw new ProtocolError(
          'INVALID_MESSAGE',
          `checklist.${index}: this task has had ${CHECKLIST_LIMITS.maxEntriesToAdd} checklist items (removed ones count); no more can be added`,
        );
      }
      checklist = addItem(checklist, { id: item.id, text: item.text }, position(), at);
      // A new item is born ticked: its tick is the adding edit itself, with the same clock.
      if (item.done === true) checklist = checklist.map((entry) => (entry.id === item.id ? { ...entry, done: true } : entry));
      return;
    }
    if (!staying.has(item.id)) checklist = moveItem(checklist, item.id, position(), at);
    const stored = visibleItems(checklist).find((other) => other.id === item.id)!;
    if (stored.text !== item.text) checklist = renameItem(checklist, item.id, item.text, at);
    if (item.done !== undefined && stored.done !== item.done) checklist = tickItem(checklist, item.id, item.done, at);
  });
  return checklist;
}
