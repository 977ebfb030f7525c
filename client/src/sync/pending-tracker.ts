import { BehaviorSubject } from 'rxjs';
import type { RxCollection } from 'rxdb/plugins/core';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import type { Checkpoint } from '@tasklane/shared/protocol/checkpoint';
import { storedDocuments } from '../db/stored-tasks';
import { assumedMasterStatesOf, isPulledWrite } from './rxdb-internals';

/**
 * Where the waiting ids are kept between starts, and shared between tabs: the leader tab saves its ground
 * truth after every check; a tab that is not the leader takes it over from `subscribe` ([CT1]).
 */
export type PendingStore = {
  load(): string[];
  save(ids: string[]): void;
  /** Calls `listener` with the ids another tab saved; returns the unsubscribe. */
  subscribe(listener: (ids: string[]) => void): () => void;
};

export function createMemoryPendingStore(): PendingStore {
  let ids: string[] = [];
  return { load: () => ids, save: (next) => void (ids = next), subscribe: () => () => undefined };
}

/** Accepts both forms ever saved: a bare array, or `{ ids, at }` (`at` makes every save a change other tabs hear). */
function idsFrom(text: string | null): string[] {
  try {
    const parsed: unknown = JSON.parse(text ?? '[]');
    const list: unknown = Array.isArray(parsed) ? parsed : (parsed as { ids?: unknown } | null)?.ids;
    return Array.isArray(list) ? list.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

export function createLocalPendingStore(key: string, storage: Storage = localStorage): PendingStore {
  return {
    load: () => idsFrom(storage.getItem(key)),
    save(ids) {
      try {
        storage.setItem(key, JSON.stringify({ ids, at: Date.now() }));
      } catch {
        // storage full: the count is rebuilt from the database on the next start
      }
    },
    subscribe(listener) {
      if (typeof window === 'undefined' || typeof window.addEventListener !== 'function') return () => undefined;
      // `storage` fires in the other tabs of this origin, never in the tab that wrote.
      const onStorage = (event: StorageEvent) => {
        if (event.key === key && event.storageArea === storage) listener(idsFrom(event.newValue));
      };
      window.addEventListener('storage', onStorage);
      return () => window.removeEventListener('storage', onStorage);
    },
  };
}

export type PendingTracker = {
  /** Ids of tasks whose local state has not reached the server yet. */
  pending$: BehaviorSubject<ReadonlySet<string>>;
  refresh(): void;
  close(): void;
};

const RECHECK_DEBOUNCE_MS = 50;
/** During a long burst of writes (a first sync of a large account) the check still runs this often. */
const RECHECK_MAX_WAIT_MS = 500;
/** Candidates compared per task of the main thread. */
const CHECK_SLICE = 2000;

/**
 * A task is waiting to sync while its local state differs from what the
 * replication knows to be on the server (RxDB's assumed master state in the
 * replication meta instance, read through `rxdb-internals.ts`) — the ground truth, so the count survives
 * reloads and crashes. Candidates are every id written since the last check.
 */
export function createPendingTracker<Doc extends { id: string; createdAt: string }>(deps: {
  collection: RxCollection<Doc>;
  replication: RxReplicationState<Doc, Checkpoint>;
  store: PendingStore;
  /** Same replicated content (the server's `seq` aside), of a stored document and a master state. */
  sameContent: (local: Doc, master: Doc) => boolean;
}): PendingTracker {
  const { collection, replication, store, sameContent } = deps;
  const candidates = new Set<string>(store.load());
  const pending$ = new BehaviorSubject<ReadonlySet<string>>(new Set(candidates));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let burstStartedAt: number | null = null;
  let emitQueued = false;
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;
  /** Ids written while a check runs: what the check read of them may be stale already. */
  const touched = new Set<string>();

  async function check(): Promise<void> {
    touched.clear();
    const ids = [...candidates];
    const readMasters = assumedMasterStatesOf(replication);
    if (ids.length === 0) {
      if (pending$.value.size > 0) pending$.next(new Set());
      // Only the tab that syncs speaks for every tab ([CT1]).
      if (readMasters) store.save([]);
      return;
    }
    if (!readMasters) {
      // Replication runs in another tab (the leader): count what we know until it says otherwise ([CT1]).
      pending$.next(new Set(candidates));
      return;
    }
    leading = true;
    // In slices: on a reload of a large account every stored task is a candidate once.
    for (let start = 0; start < ids.length; start += CHECK_SLICE) {
      if (start > 0) await new Promise((resolve) => setTimeout(resolve, 0));
      const slice = ids.slice(start, start + CHECK_SLICE);
      const local = await collection.storageInstance.findDocumentsById(slice, true);
      const localById = new Map(local.map((doc) => [doc.id, doc]));
      const masterById = await readMasters(slice);
      for (const id of slice) {
        const doc = localById.get(id);
        const master = masterById.get(id);
        const synced = !doc || (master !== undefined && sameContent(doc, master));
        if (synced && !touched.has(id)) candidates.delete(id);
      }
    }
    if (closed) return;
    pending$.next(new Set(candidates));
    store.save([...candidates]);
  }

  /** One emission per burst of changes, not one per document (a set copy each: quadratic on a first sync). */
  function emitSoon() {
    if (emitQueued) return;
    emitQueued = true;
    setTimeout(() => {
      emitQueued = false;
      if (!closed) pending$.next(new Set(candidates));
    }, 0);
  }

  /**
   * Debounced (and at most `RECHECK_MAX_WAIT_MS` late): called once per bulk of local changes
   * (not for pulled documents, [BW5]), so it only notes the time; the one timer re-arms itself while writes keep coming.
   */
  let lastScheduledAt = 0;
  function schedule() {
    if (closed) return;
    lastScheduledAt = Date.now();
    burstStartedAt ??= lastScheduledAt;
    timer ??= setTimeout(fire, RECHECK_DEBOUNCE_MS);
  }

  function fire() {
    if (closed) return;
    const now = Date.now();
    const quietFor = now - lastScheduledAt;
    const burstFor = now - (burstStartedAt ?? now);
    if (quietFor < RECHECK_DEBOUNCE_MS && burstFor < RECHECK_MAX_WAIT_MS) {
      timer = setTimeout(fire, Math.min(RECHECK_DEBOUNCE_MS - quietFor, RECHECK_MAX_WAIT_MS - burstFor));
      return;
    }
    timer = undefined;
    burstStartedAt = null;
    if (running) {
      again = true;
      return;
    }
    running = check()
      .catch(() => undefined)
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          schedule();
        }
      });
  }

  /** Set once this tab's replication is the one running: from then on this tab's checks are the truth. */
  let leading = false;
  const unsubscribeShared = store.subscribe((ids) => {
    if (closed || leading) return;
    candidates.clear();
    for (const id of ids) candidates.add(id);
    pending$.next(new Set(candidates));
  });
  const subscriptions = [
    collection.eventBulks$.subscribe((bulk) => {
      // [BW5] A pulled task holds the server's state: a first sync of 10,000 tasks makes no candidates to compare.
      if (!isPulledWrite(bulk.context)) {
        for (const event of bulk.events) {
          if (running) touched.add(event.documentId);
          if (!candidates.has(event.documentId)) {
            candidates.add(event.documentId);
            emitSoon();
          }
        }
      }
      schedule();
    }),
    replication.sent$.subscribe(schedule),
    replication.received$.subscribe(schedule),
    replication.active$.subscribe((active) => !active && schedule()),
  ];
  // Once replicating, check every stored document once, deletions included: nothing written before
  // (another session, a crash, cleared site storage, the app before an upgrade) goes uncounted.
  void replication.startPromise.then(
    async () => {
      for (const doc of await storedDocuments(collection, { withDeleted: true })) candidates.add(doc.id);
      schedule();
    },
    () => undefined,
  );
  schedule();

  return {
    pending$,
    refresh: schedule,
    close() {
      closed = true;
      clearTimeout(timer);
      for (const subscription of subscriptions) subscription.unsubscribe();
      unsubscribeShared();
      pending$.complete();
    },
  };
}
