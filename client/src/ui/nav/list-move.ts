import type { TaskList } from '@tasklane/shared/domain/task-list';
import { quoted } from '../undo/undoable-edits';

/** A list moved by hand: where it goes among every list but the Inbox (archived ones included), and what to announce. */
export type ListMove = { list: TaskList; position: number; spoken: string };

/**
 * [LO1] Moving `id` to index `to` among the `shown` lists (the active ones, without the Inbox), as a position among
 * `all` of them (archived ones included, as `ListRepository.reorder` counts): just before the list it lands before,
 * or just after the last shown one. `null` when nothing would move.
 */
export function listMoveOf(all: readonly TaskList[], shown: readonly TaskList[], id: string, to: number): ListMove | null {
  const list = shown.find((candidate) => candidate.id === id);
  const others = shown.filter((candidate) => candidate !== list);
  const target = Math.max(0, Math.min(to, others.length));
  if (!list || others.length === 0 || shown.indexOf(list) === target) return null;
  const rest = all.filter((candidate) => candidate.id !== id);
  const position = target < others.length ? rest.indexOf(others[target]!) : rest.indexOf(others[others.length - 1]!) + 1;
  return { list, position, spoken: `Moved list ${quoted(list.name)} to position ${target + 1} of ${shown.length}.` };
}
