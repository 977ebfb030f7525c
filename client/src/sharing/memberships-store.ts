import { BehaviorSubject } from 'rxjs';
import type { SharedListView } from '@tasklane/shared/domain/sharing-schema';
import { membershipsOf, membershipsText, withNames, type Memberships } from './memberships';

export type MembershipsStore = {
  memberships$: BehaviorSubject<Memberships>;
  /** Asks the server again; offline (or refused) the cached answer stays. Concurrent calls share one request and one more. */
  refresh(): Promise<void>;
  /** Remembers the names of the shared lists the device holds ([SC5]). */
  rememberNames(held: readonly { id: string; name: string; _deleted: boolean }[]): void;
};

/**
 * [SC3] The user's shared lists: read from `storage` at once (a viewer's lists are read-only offline too), replaced by
 * each answer of `fetchLists`, and written back, under a key of the account's own.
 */
export function createMembershipsStore(deps: {
  fetchLists: () => Promise<SharedListView[]>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  key: string;
}): MembershipsStore {
  const memberships$ = new BehaviorSubject<Memberships>(membershipsOf(deps.storage.getItem(deps.key)));
  const publish = (next: Memberships) => {
    if (next === memberships$.value) return;
    memberships$.next(next);
    try {
      deps.storage.setItem(deps.key, membershipsText(next));
    } catch {
      // storage full: the memory copy still serves this page
    }
  };
  let running: Promise<void> | null = null;
  let again = false;
  const fetchOnce = async (): Promise<void> => {
    try {
      const lists = await deps.fetchLists();
      publish({ lists: new Map(lists.map((list) => [list.listId, list])), names: memberships$.value.names });
    } catch {
      // offline, or the session ended: what the device knew stays
    }
    if (again) {
      again = false;
      return fetchOnce();
    }
  };
  return {
    memberships$,
    refresh() {
      if (running) {
        again = true;
        return running;
      }
      running = fetchOnce().finally(() => (running = null));
      return running;
    },
    rememberNames: (held) => publish(withNames(memberships$.value, held)),
  };
}
