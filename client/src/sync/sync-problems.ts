import { BehaviorSubject } from 'rxjs';
import type { RefusedRow } from '@tasklane/shared/protocol/push';

/**
 * [RJ5] Rows the server refused ([RJ1]), by `collection:id`, with the message the row shows ("Couldn't sync: …"). Kept
 * in the user's database as one RxDB local document (never replicated), so a reload still shows them; an entry goes
 * when the document is pushed again and accepted (a deletion too).
 */
export type SyncProblems = {
  problems$: BehaviorSubject<ReadonlyMap<string, string>>;
  /** After a push of `ids`: the refused ones are recorded, the others (not conflicting) cleared. */
  settle(collection: string, ids: readonly string[], refused: readonly RefusedRow[]): Promise<void>;
};

type Host = {
  getLocal<Data>(id: string): Promise<{ toMutableJSON(): { data: Data } } | null>;
  upsertLocal<Data>(id: string, data: Data): Promise<unknown>;
};

const DOC_ID = 'tasklane-sync-problems';
const hosts = new WeakMap<object, SyncProblems>();

function createSyncProblems(host: Host): SyncProblems {
  const problems$ = new BehaviorSubject<ReadonlyMap<string, string>>(new Map());
  let queue = host.getLocal<{ problems: [string, string][] }>(DOC_ID).then(
    (doc) => problems$.next(new Map(doc?.toMutableJSON().data.problems)),
    () => undefined,
  );
  return {
    problems$,
    settle(collection, ids, refused) {
      queue = queue
        .then(async () => {
          const next = new Map(problems$.value);
          for (const id of ids) next.delete(`${collection}:${id}`);
          for (const row of refused) next.set(`${collection}:${row.id}`, row.message);
          if (next.size === 0 && problems$.value.size === 0) return;
          problems$.next(next);
          await host.upsertLocal(DOC_ID, { problems: [...next] });
        })
        .catch(() => undefined);
      return queue;
    },
  };
}

/** One record per database (the replications of both collections share it). */
export function syncProblemsOf(database: Host): SyncProblems {
  let problems = hosts.get(database);
  if (!problems) hosts.set(database, (problems = createSyncProblems(database)));
  return problems;
}
