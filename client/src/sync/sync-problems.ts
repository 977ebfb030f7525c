import { BehaviorSubject } from 'rxjs';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import type { RefusedRow } from '@tasklane/shared/protocol/push';

/** [RJ6] A row the server refused, with the document as the user left it: their edit, which a later pull may replace. */
export type RefusedEdit = { collection: string; id: string; message: string; document: Task | TaskList | null; code?: string };

/**
 * [RJ5] Rows the server refused ([RJ1]), by `collection:id`, with the message the row shows ("Couldn't sync: …") and
 * ([RJ6]) the refused document itself. Kept in the user's database as one RxDB local document (never replicated), so a
 * reload still shows them; an entry goes when the document is pushed again and accepted (a deletion too), or when the
 * user dismisses it.
 */
export type SyncProblems = {
  /** The messages, by `collection:id`. */
  problems$: BehaviorSubject<ReadonlyMap<string, string>>;
  /** [RJ6] The refused edits, by `collection:id`. */
  edits$: BehaviorSubject<ReadonlyMap<string, RefusedEdit>>;
  /** After a push of `pushed`: the refused ones are recorded with their document, the others (not conflicting) cleared. */
  settle(collection: string, pushed: readonly { id: string }[], refused: readonly RefusedRow[]): Promise<void>;
  /** [RJ6] The user let the edit go (or copied it): its record is removed. */
  dismiss(collection: string, id: string): Promise<void>;
};

type Host = {
  getLocal<Data>(id: string): Promise<{ toMutableJSON(): { data: Data } } | null>;
  upsertLocal<Data>(id: string, data: Data): Promise<unknown>;
};

/** As stored; a record of an earlier version holds the message alone. */
type StoredEntry = string | { message: string; document: Task | TaskList | null; code?: string };

const DOC_ID = 'tasklane-sync-problems';
const hosts = new WeakMap<object, SyncProblems>();

const keyOf = (collection: string, id: string) => `${collection}:${id}`;

function editOf(key: string, entry: StoredEntry): RefusedEdit {
  const at = key.indexOf(':');
  const { message, document, code } = typeof entry === 'string' ? { message: entry, document: null, code: undefined } : entry;
  return { collection: key.slice(0, at), id: key.slice(at + 1), message, document, ...(code ? { code } : {}) };
}

function createSyncProblems(host: Host): SyncProblems {
  const edits$ = new BehaviorSubject<ReadonlyMap<string, RefusedEdit>>(new Map());
  const problems$ = new BehaviorSubject<ReadonlyMap<string, string>>(new Map());
  const publish = (next: ReadonlyMap<string, RefusedEdit>) => {
    edits$.next(next);
    problems$.next(new Map([...next].map(([key, edit]) => [key, edit.message])));
  };
  let queue = host.getLocal<{ problems: [string, StoredEntry][] }>(DOC_ID).then(
    (doc) => publish(new Map((doc?.toMutableJSON().data.problems ?? []).map(([key, entry]) => [key, editOf(key, entry)]))),
    () => undefined,
  );
  const change = (update: (next: Map<string, RefusedEdit>) => void) => {
    queue = queue
      .then(async () => {
        const next = new Map(edits$.value);
        update(next);
        // Most pushes touch no kept refusal: then nothing is published or written (a push is the hot path).
        if (next.size === edits$.value.size && [...next].every(([key, edit]) => edits$.value.get(key) === edit)) return;
        publish(next);
        const stored: [string, StoredEntry][] = [...next].map(([key, { message, document, code }]) => [key, { message, document, code }]);
        await host.upsertLocal(DOC_ID, { problems: stored });
      })
      .catch(() => undefined);
    return queue;
  };
  return {
    problems$,
    edits$,
    settle(collection, pushed, refused) {
      return change((next) => {
        for (const { id } of pushed) next.delete(keyOf(collection, id));
        const documents = new Map(pushed.map((document) => [document.id, document]));
        for (const row of refused) {
          const document = (documents.get(row.id) as Task | TaskList | undefined) ?? null;
          // [SC5] A deletion of what the user may no longer change loses nothing they wrote: it is not kept.
          if (row.code === 'FORBIDDEN' && document?._deleted) continue;
          next.set(keyOf(collection, row.id), { collection, id: row.id, message: row.message, document, code: row.code });
        }
      });
    },
    dismiss(collection, id) {
      return change((next) => next.delete(keyOf(collection, id)));
    },
  };
}

/** One record per database (the replications of both collections share it). */
export function syncProblemsOf(database: Host): SyncProblems {
  let problems = hosts.get(database);
  if (!problems) hosts.set(database, (problems = createSyncProblems(database)));
  return problems;
}
