import { useCallback, useEffect, useMemo, useState } from 'react';
import { combineLatest, debounceTime, filter, type Observable } from 'rxjs';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { userStorageKeys } from '../session/storage-keys';
import type { TokenSource } from '../session/token-source';
import type { SyncEngine } from '../sync/sync-engine';
import { createMembershipsStore } from './memberships-store';
import { NO_MEMBERSHIPS, type Memberships, type Person } from './memberships';
import { createSharingApi, type InvitationView, type SharingApi } from './sharing-api';

/** What the task screen knows of sharing: the API, the user's shared lists and the invitations waiting for them. */
export type Sharing = {
  api: SharingApi;
  userId: string;
  memberships: Memberships;
  /** Invitations addressed to the user, as last asked (null before the first answer). */
  invitations: InvitationView[] | null;
  refresh: () => void;
  refreshInvitations: () => void;
  /** [SC7] Asks for a shared list's people again (kept for offline use), or keeps those a dialog just read. */
  refreshPeople: (listId: string) => void;
  keepPeople: (listId: string, people: readonly Person[]) => void;
};

/**
 * [SC3] The memberships are asked for on start, on every (re)connect of the sync socket and after a `changes` event of
 * the lists (a list joined, left or changed); the invitations ([SC2]) on start and on every (re)connect only: no timer.
 */
export function useSharing(deps: {
  tokens: TokenSource;
  userId: string;
  engine: SyncEngine | null;
  lists$: Observable<TaskList[]> | null;
}): Sharing {
  const { tokens, userId, engine, lists$ } = deps;
  const api = useMemo(() => createSharingApi(tokens), [tokens]);
  const store = useMemo(
    () =>
      createMembershipsStore({
        fetchLists: api.memberships,
        fetchMembers: api.members,
        storage: localStorage,
        key: userStorageKeys(userId).memberships,
      }),
    [api, userId],
  );
  const [memberships, setMemberships] = useState<Memberships>(NO_MEMBERSHIPS);
  const [invitations, setInvitations] = useState<InvitationView[] | null>(null);
  const refreshInvitations = useCallback(() => {
    api.myInvitations().then(setInvitations, () => undefined); // offline: the last answer stays
  }, [api]);
  const refresh = useCallback(() => void store.refresh(), [store]);

  useEffect(() => {
    const subscription = store.memberships$.subscribe(setMemberships);
    refresh();
    refreshInvitations();
    return () => subscription.unsubscribe();
  }, [store, refresh, refreshInvitations]);

  useEffect(() => {
    if (!engine) return undefined;
    const { transport } = engine;
    const reconnects = transport.connected$.subscribe(() => {
      refresh();
      refreshInvitations();
    });
    const listChanges = transport.changes$
      .pipe(
        filter((event) => event.collection === 'lists'),
        debounceTime(500),
      )
      .subscribe(refresh);
    return () => {
      reconnects.unsubscribe();
      listChanges.unsubscribe();
    };
  }, [engine, refresh, refreshInvitations]);

  useEffect(() => {
    if (!lists$) return undefined;
    const subscription = combineLatest([lists$, store.memberships$]).subscribe(([lists]) => store.rememberNames(lists));
    return () => subscription.unsubscribe();
  }, [store, lists$]);

  return useMemo(
    () => ({
      api,
      userId,
      memberships,
      invitations,
      refresh,
      refreshInvitations,
      refreshPeople: (listId: string) => void store.refreshPeople(listId),
      keepPeople: (listId: string, people: readonly Person[]) => store.keepPeople(listId, people),
    }),
    [api, userId, memberships, invitations, refresh, refreshInvitations, store],
  );
}
