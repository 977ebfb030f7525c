import type { SharedListView } from '@tasklane/shared/domain/sharing-schema';
import { NetworkError } from '../session/session-errors';
import { isMemberOf, isViewerOf, roleOn, sharedListName } from './memberships';
import { createMembershipsStore } from './memberships-store';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

const shared = (listId: string, role: SharedListView['role']): SharedListView => ({
  listId,
  role,
  ownerEmail: 'o@example.com',
  members: 1,
});

describe('the shared lists a device knows', () => {
  it('[SC3] are kept per account, read back at once offline, kept when a refresh fails, and replaced by the next answer', async () => {
    const storage = memoryStorage();
    let answer: () => Promise<SharedListView[]> = () => Promise.resolve([shared('recipes', 'viewer'), shared('house', 'owner')]);
    const first = createMembershipsStore({ fetchLists: () => answer(), storage, key: 'tasklane:memberships:u1' });
    await first.refresh();
    expect(isViewerOf(first.memberships$.value, 'recipes')).toBe(true);

    // a new page, offline: the cached answer holds before and after the refresh that fails
    answer = () => Promise.reject(new NetworkError(new TypeError('Failed to fetch')));
    const offline = createMembershipsStore({ fetchLists: () => answer(), storage, key: 'tasklane:memberships:u1' });
    expect(roleOn(offline.memberships$.value, 'recipes')).toBe('viewer');
    await offline.refresh();
    expect(roleOn(offline.memberships$.value, 'house')).toBe('owner');
    expect(isMemberOf(offline.memberships$.value, 'house')).toBe(false);
    expect(roleOn(offline.memberships$.value, 'inbox')).toBeNull();

    // another account on the same device knows none of it
    const other = createMembershipsStore({ fetchLists: () => Promise.resolve([]), storage, key: 'tasklane:memberships:u2' });
    expect(other.memberships$.value.lists.size).toBe(0);

    answer = () => Promise.resolve([shared('house', 'owner')]);
    await offline.refresh();
    expect(roleOn(offline.memberships$.value, 'recipes')).toBeNull();
  });

  it('[SC5] remember the last name of each shared list the device held, so a refusal names a list the device no longer holds', async () => {
    const storage = memoryStorage();
    let lists = [shared('groceries', 'editor')];
    const store = createMembershipsStore({ fetchLists: () => Promise.resolve(lists), storage, key: 'k' });
    await store.refresh();
    store.rememberNames([
      { id: 'groceries', name: 'Groceries', _deleted: false },
      { id: 'mine', name: 'Mine alone', _deleted: false },
    ]);
    lists = [];
    await store.refresh();
    store.rememberNames([{ id: 'groceries', name: 'No access', _deleted: true }]);
    const reread = createMembershipsStore({ fetchLists: () => Promise.resolve([]), storage, key: 'k' });
    expect(sharedListName(reread.memberships$.value, 'groceries', undefined)).toBe('Groceries');
    expect(sharedListName(reread.memberships$.value, 'mine', undefined)).toBeUndefined();
    expect(sharedListName(reread.memberships$.value, 'groceries', 'Held now')).toBe('Held now');
  });
});
