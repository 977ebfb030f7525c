import { getSchemaByObjectPath, type RxDocumentData, type RxJsonSchema } from 'rxdb/plugins/core';
import { requestResult, type IdbLogDeps } from './idb-log';

/**
 * Until issue 12 the PWA stored each collection in RxDB's Dexie storage: one IndexedDB database per
 * collection, named as below, documents in the store `docs` with boolean index fields (and
 * `_deleted`) written as '1' / '0'. A device upgraded from that version still holds its tasks,
 * checkpoints and waiting edits there; `idb-log-storage.ts` takes them over on first open.
 */
export function dexieDatabaseName(databaseName: string, collectionName: string, schemaVersion: number): string {
  return `rxdb-dexie-${databaseName}--${schemaVersion}--${collectionName}`;
}

function booleanFields(schema: RxJsonSchema<unknown>): string[] {
  const fields = new Set<string>(['_deleted']);
  for (const index of schema.indexes ?? []) {
    for (const field of (Array.isArray(index) ? index : [index]) as string[]) {
      if ((getSchemaByObjectPath(schema, field) as { type?: unknown } | undefined)?.type === 'boolean') fields.add(field);
    }
  }
  return [...fields];
}

/** The names of this origin's databases, asked once per page (null where the browser cannot list them). */
const databaseNames = new WeakMap<IDBFactory, Promise<Set<string> | null>>();

function namesOf(deps: IdbLogDeps): Promise<Set<string> | null> {
  let names = databaseNames.get(deps.indexedDB);
  if (!names) {
    names =
      typeof deps.indexedDB.databases === 'function'
        ? deps.indexedDB.databases().then(
            (list) => new Set(list.map((db) => db.name ?? '')),
            () => null,
          )
        : Promise.resolve(null);
    databaseNames.set(deps.indexedDB, names);
  }
  return names;
}

/** Opens an existing database; resolves null (and creates nothing) when there is none. */
async function openExisting(deps: IdbLogDeps, name: string): Promise<IDBDatabase | null> {
  // Old databases only ever go away, so the list asked once stays good for this check.
  const names = await namesOf(deps);
  if (names && !names.has(name)) return null;
  return openOrNull(deps, name);
}

function openOrNull(deps: IdbLogDeps, name: string): Promise<IDBDatabase | null> {
  return new Promise((resolve, reject) => {
    const request = deps.indexedDB.open(name);
    let missing = false;
    request.onupgradeneeded = () => {
      missing = true;
      request.transaction?.abort();
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => (missing ? resolve(null) : reject(request.error ?? new Error(`IndexedDB could not open ${name}`)));
  });
}

/** The documents of a collection in the old Dexie storage (null when it has none), as RxDB stores them. */
export async function readDexieCollection<RxDocType>(
  deps: IdbLogDeps,
  name: string,
  schema: RxJsonSchema<RxDocumentData<RxDocType>>,
): Promise<RxDocumentData<RxDocType>[] | null> {
  const db = await openExisting(deps, name);
  if (!db) return null;
  try {
    if (!db.objectStoreNames.contains('docs')) return null;
    const stored = (await requestResult(db.transaction('docs', 'readonly').objectStore('docs').getAll())) as Record<string, unknown>[];
    const fields = booleanFields(schema as RxJsonSchema<unknown>);
    return stored.map((doc) => {
      const restored: Record<string, unknown> = { ...doc };
      // Only top-level boolean index fields exist in our schemas; Dexie wrote them as '1' / '0'.
      for (const field of fields) if (field in restored) restored[field] = restored[field] === '1' || restored[field] === true;
      return restored as RxDocumentData<RxDocType>;
    });
  } finally {
    db.close();
  }
}

/** Deletes the old database once its documents are safe in the new storage (waits while another tab holds it open). */
export function deleteDexieCollection(deps: IdbLogDeps, name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = deps.indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
    // An old version of the app in another tab still has it open; it goes when that tab closes.
    request.onblocked = () => resolve();
  });
}
