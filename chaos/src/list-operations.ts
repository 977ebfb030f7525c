import { INBOX_LIST_ID, LIST_COLOURS, type TaskList } from '@tasklane/shared/domain/task-list';
import type { ChaosDevice } from './chaos-device';

/** The list writes of the app's list repository ([CL1]); `list-archive` archives or unarchives. */
export const LIST_OPERATION_KINDS = ['list-create', 'list-rename', 'list-recolour', 'list-reorder', 'list-archive', 'list-delete'] as const;
export type ListOperationKind = (typeof LIST_OPERATION_KINDS)[number];

/** Lists per device beyond which `list-create` does nothing: the app's lists are a few dozen at most, the harness keeps them few. */
const MAX_LISTS = 6;
const NAMES = ['Errands', 'Work', 'Home', 'Trips', 'Reading', 'Garden', 'Shopping', 'Ideas'];

/** Another number in [0, 1) from a draw (deterministic in the seed). */
export function spread(draw: number, salt: number): number {
  let t = (Math.floor(draw * 4294967296) ^ Math.imul(salt, 0x9e3779b9)) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

export function pick<T>(items: readonly T[], draw: number): T {
  return items[Math.min(items.length - 1, Math.floor(draw * items.length))]!;
}

export function listOperationKind(fieldDraw: number): ListOperationKind {
  if (fieldDraw < 0.3) return 'list-create';
  if (fieldDraw < 0.45) return 'list-rename';
  if (fieldDraw < 0.55) return 'list-recolour';
  if (fieldDraw < 0.68) return 'list-reorder';
  return fieldDraw < 0.8 ? 'list-archive' : 'list-delete';
}

/** Where a task may be created or moved to, as the app's list picker offers: the Inbox and every live list not archived. */
export async function listTargets(device: ChaosDevice): Promise<string[]> {
  const lists = await device.liveLists();
  return [INBOX_LIST_ID, ...lists.filter((list) => list.id !== INBOX_LIST_ID && !list.archived).map((list) => list.id)];
}

/**
 * One list write through the app's list repository. Rename and recolour may hit the Inbox (the app allows both);
 * reorder, archive and delete only the other lists (the app offers nothing else). A delete moves the list's tasks to
 * the Inbox (mostly) or deletes them, as the user chooses, and is sometimes undone at once.
 * Returns false when there was nothing to do.
 */
export async function applyListOperation(
  device: ChaosDevice,
  kind: ListOperationKind,
  targetDraw: number,
  valueDraw: number,
  step: number,
): Promise<boolean> {
  const repository = device.lists;
  if (!repository) return false;
  const all = await device.liveLists();
  const others = all.filter((list) => list.id !== INBOX_LIST_ID);
  const any: TaskList | undefined = all[Math.floor(targetDraw * all.length)];
  const other: TaskList | undefined = others[Math.floor(targetDraw * others.length)];
  const name = `${pick(NAMES, valueDraw)} ${device.name}@${step}`;
  switch (kind) {
    case 'list-create':
      if (others.length >= MAX_LISTS) return false;
      await repository.create({ name, ...(spread(valueDraw, 41) < 0.5 ? { colour: pick(LIST_COLOURS, spread(valueDraw, 43)) } : {}) });
      return true;
    case 'list-rename':
      if (!any) return false;
      await repository.rename(any.id, name);
      return true;
    case 'list-recolour':
      if (!any) return false;
      await repository.recolour(any.id, pick(LIST_COLOURS, valueDraw));
      return true;
    case 'list-reorder':
      if (!other) return false;
      await repository.reorder(other.id, Math.floor(valueDraw * others.length));
      return true;
    case 'list-archive':
      if (!other) return false;
      await repository.archive(other.id, !other.archived);
      return true;
    case 'list-delete': {
      if (!other) return false;
      const undo = await repository.remove(other.id, spread(valueDraw, 47) < 0.7 ? 'move-to-inbox' : 'delete');
      if (spread(valueDraw, 53) < 0.15) await undo();
      return true;
    }
  }
}
