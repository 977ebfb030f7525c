import type { Task } from '@tasklane/shared/domain/task';
import { upgradeTask, type AnyTaskVersion } from '@tasklane/shared/domain/task-upgrade';
import { sameTaskContent } from '@tasklane/shared/sync/merge-task';

/**
 * [LE2] What this device pushed and has not yet seen acknowledged, per task:
 * the merge base of a conflict whose master is the device's own write
 * ([LE1]). Kept in the user's database as one RxDB local document, so it
 * survives a reload or a crash, and goes with the database when it is removed.
 */
export type PushJournal = {
  /** Before a push leaves: from then on its acknowledgement may be lost. */
  record(tasks: readonly Task[]): Promise<void>;
  /** The server acknowledged these rows as written: RxDB now knows their master state. */
  forget(ids: readonly string[]): Promise<void>;
  /** Contents pushed for this task whose acknowledgement was never seen, oldest first. */
  pushedStatesOf(id: string): Promise<Task[]>;
};

export const PUSH_JOURNAL_LIMITS = {
  /** Only the latest unacknowledged write can be the server's; a few more cover retries that changed the row. */
  statesPerTask: 4,
  tasks: 500,
  /** Of the journal's JSON; the oldest tasks go first. */
  bytes: 1024 * 1024,
} as const;

const JOURNAL_DOC_ID = 'tasklane-push-journal';

type JournalEntry = { id: string; pushed: Task[] };
/** Least recently pushed first. */
type JournalData = { entries: JournalEntry[] };

/** The local-document methods of an RxDatabase created with `localDocuments: true`. */
type JournalHost = {
  getLocal<Data>(id: string): Promise<{ toMutableJSON(): { data: Data } } | null>;
  upsertLocal<Data>(id: string, data: Data): Promise<unknown>;
};

function bounded(entries: JournalEntry[]): JournalEntry[] {
  const kept = entries.slice(-PUSH_JOURNAL_LIMITS.tasks);
  const sizes = kept.map((entry) => JSON.stringify(entry).length + 1);
  let total = sizes.reduce((sum, size) => sum + size, 0);
  let first = 0;
  while (kept.length - first > 1 && total > PUSH_JOURNAL_LIMITS.bytes) total -= sizes[first++]!;
  return kept.slice(first);
}

/** One journal per database (the conflict handler and the replication share it), over the database's local documents. */
function createPushJournal(host: JournalHost): PushJournal {
  let queue: Promise<unknown> = Promise.resolve();

  /**
   * [CM2] [RM6] A journal written by an older app holds version-1 or version-2 states: they are upgraded as they are
   * read, with the same function as the tasks and RxDB's master states, so they still compare equal to the server's
   * (upgraded) copy.
   */
  async function read(): Promise<JournalEntry[]> {
    const doc = await host.getLocal<JournalData>(JOURNAL_DOC_ID);
    const entries = doc?.toMutableJSON().data.entries;
    if (!Array.isArray(entries)) return [];
    return entries.map((entry) => ({ id: entry.id, pushed: entry.pushed.map((state) => upgradeTask(state as AnyTaskVersion)) }));
  }

  /** Serialised; a failing journal only weakens merges to the assumed base, it never stops a push. */
  function update(change: (entries: JournalEntry[]) => JournalEntry[] | null): Promise<void> {
    const run = queue.then(async () => {
      const next = change(await read());
      if (next) await host.upsertLocal<JournalData>(JOURNAL_DOC_ID, { entries: next });
    });
    queue = run.catch(() => undefined);
    return queue.then(() => undefined);
  }

  return {
    record(tasks) {
      return update((entries) => {
        let changed = false;
        for (const task of tasks) {
          const at = entries.findIndex((entry) => entry.id === task.id);
          const entry = at >= 0 ? entries.splice(at, 1)[0]! : { id: task.id, pushed: [] };
          if (!entry.pushed.some((state) => sameTaskContent(state, task))) {
            entry.pushed = [...entry.pushed, task].slice(-PUSH_JOURNAL_LIMITS.statesPerTask);
            changed = true;
          }
          entries.push(entry);
        }
        return changed ? bounded(entries) : null;
      });
    },
    forget(ids) {
      if (ids.length === 0) return Promise.resolve();
      const gone = new Set(ids);
      return update((entries) => {
        const kept = entries.filter((entry) => !gone.has(entry.id));
        return kept.length === entries.length ? null : kept;
      });
    },
    async pushedStatesOf(id) {
      await queue;
      try {
        return (await read()).find((entry) => entry.id === id)?.pushed ?? [];
      } catch {
        return [];
      }
    },
  };
}

const journals = new WeakMap<object, PushJournal>();

/** The journal of a database opened with `localDocuments: true` (`createTaskDb`). */
export function pushJournalOf(database: JournalHost): PushJournal {
  let journal = journals.get(database);
  if (!journal) {
    journal = createPushJournal(database);
    journals.set(database, journal);
  }
  return journal;
}
