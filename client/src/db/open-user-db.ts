import { createTaskDb, type TaskDatabase } from './create-task-db';
import { getRxStorageIdbLog } from './idb-log-storage';

const openDatabases = new Map<string, Promise<TaskDatabase>>();

async function browserStorage() {
  if (typeof indexedDB === 'undefined') throw new Error('indexedDB is not available in this browser');
  const persisted = getRxStorageIdbLog();
  if (!__DEV__) return persisted;
  // Development only: schema validation and dev-mode checks; webpack drops this in production.
  const [{ addRxPlugin }, { RxDBDevModePlugin }, { wrappedValidateAjvStorage }] = await Promise.all([
    import('rxdb/plugins/core'),
    import('rxdb/plugins/dev-mode'),
    import('rxdb/plugins/validate-ajv'),
  ]);
  addRxPlugin(RxDBDevModePlugin);
  return wrappedValidateAjvStorage({ storage: persisted });
}

/** The signed-in user's database (in memory, every write committed to IndexedDB: `idb-log-storage.ts`), opened once per page: React StrictMode runs effects twice. */
export function openUserDb(userId: string): Promise<TaskDatabase> {
  let opening = openDatabases.get(userId);
  if (!opening) {
    opening = browserStorage().then((storage) => createTaskDb({ userId, storage }));
    opening.catch(() => openDatabases.delete(userId));
    openDatabases.set(userId, opening);
  }
  return opening;
}

export function forgetUserDb(userId: string): void {
  openDatabases.delete(userId);
}
