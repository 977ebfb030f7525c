import { BehaviorSubject } from 'rxjs';
import type { SharedListView } from '@tasklane/shared/domain/sharing-schema';
import { membershipsOf, membershipsText, withNames, withPeople, type Memberships, type Person } from './memberships';

export type MembershipsStore = {
  memberships$: BehaviorSubject<Memberships>;
  /** Asks the server again; offline (or refused) the cached answer stays. Concurrent calls share one request and one more. */
  refresh(): Promise<void>;
  /** Remembers the names of the shared lists the device holds ([SC5]). */
  rememberNames(held: readonly { id: string; name: string; _deleted: boolean }[]): void;
  /** [SC7] Asks for the people of one shared list again (the editor opened one of its tasks); offline the kept ones stay. */
  refreshPeople(listId: string): Promise<void>;
  /** [SC7] The people of a list, as the Members dialog just read them. */
  keepPeople(listId: string, people: readonly Person[]): void;
};

const sameView = (a: SharedListView | undefined, b: SharedListView) =>
  a?.role === b.role && a.members === b.members && a.ownerEmail === b.ownerEmail;

/**
 * [SC3] The user's shared lists: read from `storage` at once (a viewer's lists are read-only offline too), replaced by
 * each answer of `fetchLists`, and written back, under a key of the account's own. [SC7] With them the people of each
 * list, asked for when the device has none of a list yet or its entry changed (a member joined or left, a role, an
 * owner), so a refresh costs one request, not one per list.
 */
export function createMembershipsStore(deps: {
  fetchLists: () => Promise<SharedListView[]>;
  fetchMembers?: (listId: string) => Promise<readonly Person[]>;
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
  const refreshPeople = async (listId: string): Promise<void> => {
    if (!deps.fetchMembers || !memberships$.value.lists.has(listId)) return;
    try {
      const people = await deps.fetchMembers(listId);
      publish(withPeople(memberships$.value, listId, people));
    } catch {
      // offline, or no longer shared: the kept people stay until the next answer
    }
  };
  const fetchOnce = async (): Promise<void> => {
    try {
      const before = memberships$.value;
      const lists = await deps.fetchLists();
      const shared = new Map(lists.map((list) => [list.listId, list]));
      const { names, people } = memberships$.value;
      publish({ lists: shared, names, people: Object.fromEntries(Object.entries(people).filter(([id]) => shared.has(id))) });
      for (const list of lists)
        if (!people[list.listId] || !sameView(before.lists.get(list.listId), list)) await refreshPeople(list.listId);
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
    refreshPeople,
    keepPeople: (listId, people) => publish(withPeople(memberships$.value, listId, people)),
  };
}
