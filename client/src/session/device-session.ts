import type { TaskDatabase } from '../db/create-task-db';
import { forgetUserDb, openUserDb } from '../db/open-user-db';
import { createLocalPendingStore } from '../sync/pending-tracker';
import { createSyncEngine, type SyncEngine } from '../sync/sync-engine';
import type { AuthApi } from './auth-api';
import type { SessionStore, SessionUser } from './session-store';
import { userStorageKeys } from './storage-keys';
import { browserRefreshLock } from './token-source';

export type SignOutOptions = {
  removeLocalData: boolean;
  /**
   * [SO1] The server ended the session already (sign out everywhere, account deletion): its refresh token is revoked and
   * its cookie cleared, so no logout is sent, which the server could only refuse.
   */
  endedOnServer?: boolean;
};

export type DeviceSession = {
  /** The user's own database on this device. */
  openDatabase(): Promise<TaskDatabase>;
  /** Starts syncing the database; the engine runs until `stopSync` or `signOut`, whichever comes first. */
  startSync(db: TaskDatabase): SyncEngine;
  /** Stops an engine this session started; one already stopped (by `signOut`) is left alone. */
  stopSync(engine: SyncEngine): Promise<void>;
  /**
   * Stops sync, ends the session on the server (best effort: offline, the
   * refresh token simply expires; not at all when it `endedOnServer`) and on this
   * device. The database stays for the next sign-in of the same user unless `removeLocalData`.
   */
  signOut(options: SignOutOptions): Promise<void>;
};

export type UserDatabases = {
  open(userId: string): Promise<TaskDatabase>;
  /** Called before the database is closed or removed, so the next open makes a new one. */
  forget(userId: string): void;
};

export type DeviceSessionDeps = {
  user: SessionUser;
  auth: Pick<AuthApi, 'refresh' | 'logout'>;
  sessions: SessionStore;
  /** The sync server's origin (location.origin in the browser). */
  serverUrl: string;
  storage?: Storage;
  databases?: UserDatabases;
  withLock?: <T>(run: () => Promise<T>) => Promise<T>;
};

const browserDatabases: UserDatabases = { open: openUserDb, forget: forgetUserDb };

function localLastSyncedStore(key: string, storage: Storage) {
  return {
    load: () => storage.getItem(key),
    save: (at: string) => {
      try {
        storage.setItem(key, at);
      } catch {
        // storage full: not worth failing over
      }
    },
  };
}

/** One signed-in user on this device: their database, their sync, their sign-out. */
export function createDeviceSession(deps: DeviceSessionDeps): DeviceSession {
  const { user, auth, sessions } = deps;
  const storage = deps.storage ?? localStorage;
  const databases = deps.databases ?? browserDatabases;
  const keys = userStorageKeys(user.id);
  const engines = new Set<SyncEngine>();
  let opened: TaskDatabase | null = null;

  // Closing twice would save the last-synced time again, after signOut({ removeLocalData }) removed it.
  async function stopSync(engine: SyncEngine): Promise<void> {
    if (engines.delete(engine)) await engine.close();
  }

  return {
    async openDatabase() {
      // Ask the browser not to evict our data under storage pressure (Safari/iOS especially).
      if (typeof navigator !== 'undefined') void navigator.storage?.persist?.().catch(() => undefined);
      opened = await databases.open(user.id);
      return opened;
    },
    startSync(db) {
      const engine = createSyncEngine({
        collection: db.tasks,
        baseUrl: deps.serverUrl,
        auth,
        sessions,
        pendingStore: createLocalPendingStore(keys.pending, storage),
        lastSyncedStore: localLastSyncedStore(keys.lastSynced, storage),
        withLock: deps.withLock ?? browserRefreshLock,
      });
      engines.add(engine);
      return engine;
    },
    stopSync,
    async signOut({ removeLocalData, endedOnServer = false }) {
      const refreshToken = sessions.read()?.refreshToken;
      await Promise.all([...engines].map(stopSync));
      if (!endedOnServer) void auth.logout(refreshToken).catch(() => undefined);
      const db = opened;
      opened = null;
      if (db) {
        databases.forget(user.id);
        if (removeLocalData) {
          await db.remove();
          for (const key of Object.values(keys)) storage.removeItem(key);
        } else {
          await db.close();
        }
      }
      sessions.clear();
    },
  };
}
