import { BehaviorSubject } from 'rxjs';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import type { Task } from '@tasklane/shared/domain/task';
import type { Checkpoint } from '@tasklane/shared/protocol/checkpoint';
import { sameTaskContent } from '@tasklane/shared/sync/merge-task';
import type { TaskCollection } from '../db/create-task-db';
import { toTask } from '../db/to-task';
import { assumedMasterStatesOf } from './rxdb-internals';

export type PendingStore = { load(): string[]; save(ids: string[]): void };

export function createMemoryPendingStore(): PendingStore {
  let ids: string[] = [];
  return { load: () => ids, save: (next) => void (ids = next) };
}

export function createLocalPendingStore(key: string, storage: Storage = localStorage): PendingStore {
  return {
    load() {
      try {
        const parsed: unknown = JSON.parse(storage.getItem(key) ?? '[]');
        return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
      } catch {
        return [];
      }
    },
    save(ids) {
      try {
        storage.setItem(key, JSON.stringify(ids));
      } catch {
        // storage full: the count is rebuilt from the database on the next start
      }
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

/**
 * A task is waiting to sync while its local state differs from what the
 * replication knows to be on the server (RxDB's assumed master state in the
 * replication meta instance, read through `rxdb-internals.ts`) — the ground truth, so the count survives
 * reloads and crashes. Candidates are every id written since the last check.
 */
export function createPendingTracker(deps: {
  collection: TaskCollection;
  replication: RxReplicationState<Task, Checkpoint>;
  store: PendingStore;
}): PendingTracker {
  const { collection, replication, store } = deps;
  const candidates = new Set<string>(store.load());
  const pending$ = new BehaviorSubject<ReadonlySet<string>>(new Set(candidates));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let burstStartedAt: number | null = null;
  let emitQueued = false;
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;

  async function check(): Promise<void> {
    const ids = [...candidates];
    if (ids.length === 0) {
      if (pending$.value.size > 0) pending$.next(new Set());
      store.save([]);
      return;
    }
    const readMasters = assumedMasterStatesOf(replication);
    if (!readMasters) {
      // Replication runs in another tab (the leader): count what we know.
      pending$.next(new Set(candidates));
      return;
    }
    const local = await collection.storageInstance.findDocumentsById(ids, true);
    const localById = new Map(local.map((doc) => [doc.id, doc]));
    const masterById = await readMasters(ids);
    for (const id of ids) {
      const doc = localById.get(id);
      const master = masterById.get(id);
      const synced = !doc || (master !== undefined && sameTaskContent(toTask(doc), toTask(master)));
      if (synced) candidates.delete(id);
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

  function schedule() {
    if (closed) return;
    const now = Date.now();
    burstStartedAt ??= now;
    if (timer !== undefined && now - burstStartedAt >= RECHECK_MAX_WAIT_MS) return; // let the pending check fire
    clearTimeout(timer);
    timer = setTimeout(() => {
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
    }, RECHECK_DEBOUNCE_MS);
  }

  const subscriptions = [
    collection.$.subscribe((event) => {
      if (!candidates.has(event.documentId)) {
        candidates.add(event.documentId);
        emitSoon();
      }
      schedule();
    }),
    replication.sent$.subscribe(schedule),
    replication.received$.subscribe(schedule),
    replication.active$.subscribe((active) => !active && schedule()),
  ];
  // Once replicating, check every stored task once: nothing written before
  // (another session, a crash, cleared site storage) goes uncounted.
  void replication.startPromise.then(
    async () => {
      const all = await collection.find().exec();
      for (const doc of all) candidates.add(doc.primary);
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
      pending$.complete();
    },
  };
}
