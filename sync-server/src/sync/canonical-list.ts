import type { TaskList } from '@tasklane/shared/domain/task-list';

const canonicalInstant = (value: string) => new Date(value).toISOString();

/**
 * A list as the server stores, compares ([W5]) and sends it: its timestamps in the canonical spelling of [D7], as for
 * tasks ([DM22]). Pure, so a retried push derives the same value and stays idempotent.
 */
export function canonicalListState<T extends TaskList>(list: T): T {
  return { ...list, createdAt: canonicalInstant(list.createdAt), updatedAt: canonicalInstant(list.updatedAt) };
}
