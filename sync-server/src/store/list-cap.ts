import { INBOX_LIST_ID, type TaskList } from '@tasklane/shared/domain/task-list';
import type { ListPushLimits } from './store';

type Deletable = { _deleted: boolean };

/**
 * [RJ2] The cap of live lists through one push, row by row in push order: a row that would add a live list (an insert,
 * or the revival of a tombstone) past the cap is refused; a row that deletes one makes room for a later row; every other
 * write (a rename, an archive, the Inbox) is admitted whatever the count. `count` (the live lists stored now, the Inbox
 * aside) is read at most once, and only when a row adds or removes one; the caller reads it where the write happens.
 */
export function createListCap(limits: ListPushLimits | undefined, count: () => number) {
  let live: number | undefined;
  return {
    admits(stored: Deletable | null, next: TaskList): boolean {
      if (!limits || next.id === INBOX_LIST_ID) return true;
      const adds = !next._deleted && (stored === null || stored._deleted);
      const removes = next._deleted && stored !== null && !stored._deleted;
      if (!adds && !removes) return true;
      live ??= count();
      if (removes) live -= 1;
      else if (live >= limits.maxLiveLists) return false;
      else live += 1;
      return true;
    },
  };
}
