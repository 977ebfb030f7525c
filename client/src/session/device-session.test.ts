import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { createTaskDb } from '../db/create-task-db';
import { createTaskRepository } from '../db/task-repository';
import { createDeviceSession, type UserDatabases } from './device-session';
import { createMemorySessionStore } from './session-store';
import { userStorageKeys } from './storage-keys';

/** Nothing listens here: the sync engine runs as on a device without network. */
const UNREACHABLE_URL = 'http://127.0.0.1:9';
const memory = getRxStorageMemory();

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    key: (index) => [...items.keys()][index] ?? null,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
  };
}

function setup() {
  const user = { id: `u-${Math.random().toString(36).slice(2)}`, email: 'a@example.com' };
  const sessions = createMemorySessionStore({ user, accessToken: 'access', refreshToken: 'refresh-1' });
  const storage = memoryStorage();
  const logout = jest.fn((_refreshToken: string | undefined) => Promise.resolve());
  const databases: UserDatabases = {
    open: (userId) => createTaskDb({ userId, storage: memory, multiInstance: false }),
    forget: jest.fn(),
  };
  const auth = { logout, refresh: async () => Promise.reject(new Error('no server in this test')) };
  const device = createDeviceSession({ user, auth, sessions, serverUrl: UNREACHABLE_URL, storage, databases, withLock: (run) => run() });
  return { user, sessions, storage, logout, databases, device };
}

describe('device session', () => {
  it('signing out stops sync, ends the session and keeps this device’s copy for the next sign-in', async () => {
    const { user, sessions, storage, logout, databases, device } = setup();
    const db = await device.openDatabase();
    await createTaskRepository(db.tasks).create({ title: 'Stays on this device' });
    const engine = device.startSync(db);
    let syncStopped = false;
    engine.transport.state$.subscribe({ complete: () => (syncStopped = true) });
    storage.setItem(userStorageKeys(user.id).lastSynced, '2026-01-01T00:00:00.000Z');

    await device.signOut({ removeLocalData: false });

    expect(syncStopped).toBe(true);
    expect(logout).toHaveBeenCalledWith('refresh-1');
    expect(sessions.read()).toBeNull();
    expect(databases.forget).toHaveBeenCalledWith(user.id);
    expect(db.closed).toBe(true);
    expect(storage.getItem(userStorageKeys(user.id).lastSynced)).not.toBeNull();
    const reopened = await databases.open(user.id);
    expect((await reopened.tasks.find().exec()).map((doc) => doc.title)).toEqual(['Stays on this device']);
    await reopened.remove();
  });

  it('removing this device’s copy deletes the database and the user’s own keys, not another user’s', async () => {
    const { user, storage, databases, device } = setup();
    const db = await device.openDatabase();
    await createTaskRepository(db.tasks).create({ title: 'Removed with the copy' });
    device.startSync(db);
    const own = userStorageKeys(user.id);
    const other = userStorageKeys('someone-else');
    for (const key of [own.pending, own.lastSynced, other.pending]) storage.setItem(key, '[]');

    await device.signOut({ removeLocalData: true });

    expect(storage.getItem(own.pending)).toBeNull();
    expect(storage.getItem(own.lastSynced)).toBeNull();
    expect(storage.getItem(other.pending)).toBe('[]');
    const reopened = await databases.open(user.id);
    expect(await reopened.tasks.find().exec()).toEqual([]);
    await reopened.remove();
  });

  it('the screen stopping sync after the sign-out (it unmounts) writes none of the removed keys back', async () => {
    const { user, storage, device } = setup();
    const own = userStorageKeys(user.id);
    storage.setItem(own.lastSynced, '2026-01-01T00:00:00.000Z');
    const db = await device.openDatabase();
    const engine = device.startSync(db);

    await device.signOut({ removeLocalData: true });
    await device.stopSync(engine);

    expect(storage.getItem(own.lastSynced)).toBeNull();
  });

  it('[SO1] after sign out everywhere or account deletion no logout is sent (the server ended the session), and the rest of the sign-out runs', async () => {
    const { user, sessions, storage, logout, databases, device } = setup();
    const own = userStorageKeys(user.id);
    storage.setItem(own.lastSynced, '2026-01-01T00:00:00.000Z');
    const db = await device.openDatabase();
    const engine = device.startSync(db);
    let syncStopped = false;
    engine.transport.state$.subscribe({ complete: () => (syncStopped = true) });

    await device.signOut({ removeLocalData: true, endedOnServer: true });

    expect(logout).not.toHaveBeenCalled();
    expect(syncStopped).toBe(true);
    expect(sessions.read()).toBeNull();
    expect(databases.forget).toHaveBeenCalledWith(user.id);
    expect(storage.getItem(own.lastSynced)).toBeNull();
  });

  it('signs out offline: a logout that cannot reach the server does not stop it', async () => {
    const { sessions, logout, device } = setup();
    logout.mockRejectedValue(new TypeError('Failed to fetch'));
    const db = await device.openDatabase();
    device.startSync(db);
    await expect(device.signOut({ removeLocalData: false })).resolves.toBeUndefined();
    expect(sessions.read()).toBeNull();
  });
});
