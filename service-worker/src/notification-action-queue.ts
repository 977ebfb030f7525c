/**
 * [WP6] Notification actions the server has not heard of, kept in IndexedDB so the app applies them locally on its next
 * open (or at once, when it is open): a Done shows even before the server does. The service worker writes; the app
 * reads and removes (client/src/push/apply-queued-actions.ts). Plain IndexedDB: both sides use it, neither pays for a
 * wrapper.
 */
export const ACTION_QUEUE_DB = 'tasklane-notification-actions';
const STORE = 'actions';

export type QueuedAction = {
  /** Set by the store. */
  id?: number;
  action: 'done' | 'snooze';
  taskId: string;
  /** The occurrence of a recurring task the reminder was for; null: not recurring when it fired. */
  occurrence: number | null;
  /** The token's user; null when it could not be read (the entry is then applied to nobody). */
  userId: string | null;
  /** When the user chose the action. */
  at: string;
};

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function open(factory: IDBFactory): Promise<IDBDatabase> {
  const opening = factory.open(ACTION_QUEUE_DB, 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
  return request(opening);
}

async function inStore<T>(factory: IDBFactory, mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open(factory);
  try {
    const transaction = db.transaction(STORE, mode);
    const done = new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
    done.catch(() => undefined); // awaited below; a failed request rejects it too
    const result = await request(run(transaction.objectStore(STORE)));
    await done;
    return result;
  } finally {
    db.close();
  }
}

export type ActionQueue = {
  record(entry: Omit<QueuedAction, 'id'>): Promise<void>;
  /** Oldest first. */
  list(): Promise<QueuedAction[]>;
  remove(id: number): Promise<void>;
};

export function createActionQueue(factory: IDBFactory = indexedDB): ActionQueue {
  return {
    async record(entry) {
      await inStore(factory, 'readwrite', (store) => store.add(entry));
    },
    async list() {
      return (await inStore(factory, 'readonly', (store) => store.getAll())) as QueuedAction[];
    },
    async remove(id) {
      await inStore(factory, 'readwrite', (store) => store.delete(id));
    },
  };
}
