/**
 * The IndexedDB side of `idb-log-storage.ts`: one database per RxDB database, one object store of
 * blocks. A block is one committed `bulkWrite` of one collection, its documents as one JSON string,
 * so a pull of 1,000 tasks is one IndexedDB record, not 1,000 records with five indexes each.
 * Blocks only ever get appended (and, on compaction, replaced by a snapshot in one transaction).
 */
export type IdbLogDeps = { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange };

export type LogBlock = { seq: number; c: string; json: string };

const STORE = 'blocks';
const BY_COLLECTION = 'by-collection';

/** One IndexedDB request as a promise. */
export function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

export function openLogDatabase(deps: IdbLogDeps, name: string): Promise<IDBDatabase> {
  const request = deps.indexedDB.open(name, 1);
  request.onupgradeneeded = () => {
    const store = request.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
    store.createIndex(BY_COLLECTION, ['c', 'seq']);
  };
  return requestResult(request).then((db) => {
    // A later version of the app upgrading the schema in another tab must not wait for this one.
    db.onversionchange = () => db.close();
    return db;
  });
}

/** Blocks of collection `c` with a sequence number above `afterSeq`, oldest first. */
function blocksAfter(deps: IdbLogDeps, c: string, afterSeq: number): IDBKeyRange {
  return deps.IDBKeyRange.bound([c, afterSeq], [c, Infinity], true, false);
}

export function readBlocks(deps: IdbLogDeps, db: IDBDatabase, c: string, afterSeq: number, count?: number): Promise<LogBlock[]> {
  const index = db.transaction(STORE, 'readonly').objectStore(STORE).index(BY_COLLECTION);
  return requestResult(index.getAll(blocksAfter(deps, c, afterSeq), count) as IDBRequest<LogBlock[]>);
}

function run(tx: IDBTransaction, failure: () => unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => {
      const reason = failure() ?? tx.error;
      reject(reason instanceof Error ? reason : new Error('IndexedDB transaction aborted', { cause: reason }));
    };
  });
}

/** Produces the JSON of the next block to append, or undefined when there is none. */
export type NextBlock = () => string | undefined;

/**
 * Appends the blocks `next` produces, one per request callback: each block is serialised in its own
 * task, so a large write (or a compaction's snapshot) is not one long task of the main thread.
 */
function addBlocks(
  tx: IDBTransaction,
  store: IDBObjectStore,
  c: string,
  next: NextBlock,
  added: (seq: number) => void,
  fail: (error: unknown) => void,
) {
  const addNext = () => {
    try {
      const json = next();
      if (json === undefined) return;
      const request = store.add({ c, json });
      request.onsuccess = () => {
        added(request.result as number);
        addNext();
      };
    } catch (error) {
      fail(error);
      tx.abort();
    }
  };
  addNext();
}

/**
 * One read-write transaction: the blocks other connections (tabs) appended since `afterSeq`, then
 * `decide(thoseBlocks)` says what to append (null: nothing). IndexedDB runs read-write
 * transactions on one store one at a time across all connections, so nothing can be appended
 * between the read and the append: `decide` sees the latest state, as a compare-and-set needs.
 * `decide` runs synchronously inside the transaction. Resolves with the last new block's sequence
 * number once committed (null when nothing was appended).
 */
export async function appendBlocks(
  deps: IdbLogDeps,
  db: IDBDatabase,
  c: string,
  afterSeq: number,
  decide: (foreign: LogBlock[]) => NextBlock | null,
): Promise<number | null> {
  const tx = db.transaction(STORE, 'readwrite');
  const store = tx.objectStore(STORE);
  let seq: number | null = null;
  let thrown: unknown;
  const fail = (error: unknown) => (thrown = error);
  const read = store.index(BY_COLLECTION).getAll(blocksAfter(deps, c, afterSeq)) as IDBRequest<LogBlock[]>;
  read.onsuccess = () => {
    try {
      const next = decide(read.result);
      if (next) addBlocks(tx, store, c, next, (added) => (seq = added), fail);
    } catch (error) {
      fail(error);
      tx.abort();
    }
  };
  await run(tx, () => thrown);
  return seq;
}

/**
 * Compaction, in one read-write transaction: the blocks appended since `afterSeq` go to
 * `catchUp` first, then every block of collection `c` is replaced by the blocks `nextSnapshotBlock`
 * produces. Resolves with the last new sequence number.
 */
export async function replaceBlocks(
  deps: IdbLogDeps,
  db: IDBDatabase,
  c: string,
  afterSeq: number,
  catchUp: (foreign: LogBlock[]) => void,
  nextSnapshotBlock: NextBlock,
): Promise<number | null> {
  const tx = db.transaction(STORE, 'readwrite');
  const store = tx.objectStore(STORE);
  let last: number | null = null;
  let thrown: unknown;
  const fail = (error: unknown) => (thrown = error);
  const read = store.index(BY_COLLECTION).getAll(blocksAfter(deps, c, afterSeq)) as IDBRequest<LogBlock[]>;
  read.onsuccess = () => {
    try {
      catchUp(read.result);
      const keys = store.index(BY_COLLECTION).getAllKeys(blocksAfter(deps, c, -Infinity));
      keys.onsuccess = () => {
        for (const key of keys.result) store.delete(key);
        addBlocks(tx, store, c, nextSnapshotBlock, (added) => (last = added), fail);
      };
    } catch (error) {
      fail(error);
      tx.abort();
    }
  };
  await run(tx, () => thrown);
  return last;
}

/** Deletes every block of collection `c`. */
export async function removeBlocks(deps: IdbLogDeps, db: IDBDatabase, c: string): Promise<void> {
  const tx = db.transaction(STORE, 'readwrite');
  const store = tx.objectStore(STORE);
  const keys = store.index(BY_COLLECTION).getAllKeys(blocksAfter(deps, c, -Infinity));
  keys.onsuccess = () => {
    for (const key of keys.result) store.delete(key);
  };
  await run(tx, () => undefined);
}
