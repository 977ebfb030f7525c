import type { PullResponse } from '@tasklane/shared/protocol/pull';
import { startServerProcess } from '@tasklane/testkit/server-process';
import { makeList } from '@tasklane/testkit/task-fixture';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createEmbeddedStore } from '@tasklane/sync-server/src/store/sqlite/embedded-store';
import type { Store } from '@tasklane/sync-server/src/store/store';
import { benchTask } from './bench-task';
import { atMost, median, percentile, type BenchRow } from './result-table';
import { connectMany, registerUsers, UNTHROTTLED, unwrap } from './tasklane-driver';

/** A member of `lists` lists owned by `owners` other users, `tasksPerList` tasks each; `pulls` timed in process, `roundTrips` over a socket. */
export type SharedPullSizes = { lists: number; owners: number; tasksPerList: number; pulls: number; roundTrips: number };

const PAGE = 1000;
const log = (message: string) => process.stderr.write(`  ${message}\n`);

/** Pulls from 0 in pages of the protocol maximum until empty: how many documents, and the `seq` reached. */
async function catchUp(pull: (afterSeq: number) => Promise<{ seq: number }[]>): Promise<{ documents: number; seq: number }> {
  let seq = 0;
  let documents = 0;
  for (;;) {
    const page = await pull(seq);
    if (page.length === 0) return { documents, seq };
    documents += page.length;
    seq = page[page.length - 1]!.seq;
  }
}

/** Times `count` runs of a pull that must come back empty (one page, nothing in it); milliseconds each. */
async function timeEmptyPulls(count: number, pull: () => Promise<unknown[]>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    const page = await pull();
    samples.push(performance.now() - started);
    if (page.length !== 0) throw new Error(`a caught-up pull returned ${page.length} documents`);
  }
  return samples;
}

async function seed(store: Store, ownerIds: string[], readerId: string, sizes: SharedPullSizes): Promise<void> {
  const at = new Date().toISOString();
  for (const [index, ownerId] of ownerIds.entries()) {
    const count = Math.floor(sizes.lists / ownerIds.length) + (index < sizes.lists % ownerIds.length ? 1 : 0);
    const lists = Array.from({ length: count }, (_, n) => makeList({ name: `Shared ${index}.${n}` }));
    await store.applyListPush(
      ownerId,
      lists.map((list) => ({ newDocumentState: list })),
    );
    await store.applyPush(
      ownerId,
      lists.flatMap((list) =>
        Array.from({ length: sizes.tasksPerList }, (_, n) => ({ newDocumentState: { ...benchTask(`task ${n}`), listId: list.id } })),
      ),
    );
    for (const list of lists) await store.putMember(ownerId, list.id, readerId, 'viewer', at);
  }
}

/**
 * docs/benchmarks.md [SB4]: the cost of a pull with nothing changed for a member of many shared lists. The store's
 * `pullChanges` is timed in this process on the server's own database file; one socket round trip for reference.
 */
export async function sharedPullCost(sizes: SharedPullSizes): Promise<BenchRow[]> {
  const temp = makeTempDir('bench-shared-pull');
  const server = await startServerProcess({ DATA_DIR: temp.dir, ...UNTHROTTLED });
  const store = createEmbeddedStore({ dataDir: temp.dir });
  try {
    const [reader, alone, ...owners] = await registerUsers(server.url, 2 + sizes.owners);
    log(`${sizes.lists} lists of ${sizes.owners} owners, ${sizes.tasksPerList} tasks each, shared with one member…`);
    await seed(
      store,
      owners.map((owner) => owner.id),
      reader!.id,
      sizes,
    );

    const tasks = await catchUp((after) => store.pullChanges(reader!.id, after, PAGE));
    const lists = await catchUp((after) => store.pullListChanges(reader!.id, after, PAGE));
    if (tasks.documents !== sizes.lists * sizes.tasksPerList || lists.documents < sizes.lists) {
      throw new Error(`the member holds ${tasks.documents} tasks and ${lists.documents} lists after catching up`);
    }
    log(`${sizes.pulls} caught-up pulls of each collection…`);
    const taskPulls = await timeEmptyPulls(sizes.pulls, () => store.pullChanges(reader!.id, tasks.seq, PAGE));
    const listPulls = await timeEmptyPulls(sizes.pulls, () => store.pullListChanges(reader!.id, lists.seq, PAGE));
    // the same pull for a user who holds nothing: what "cost follows change" compares against
    const alonePulls = await timeEmptyPulls(sizes.pulls, () => store.pullChanges(alone!.id, 0, PAGE));

    const [socket] = await connectMany(server.url, [reader!.accessToken]);
    const checkpoint = { seq: tasks.seq, generation: await store.generation() };
    const roundTrips = await timeEmptyPulls(sizes.roundTrips, async () => {
      const answer = unwrap<PullResponse>(await socket!.pull({ checkpoint, limit: PAGE }));
      return answer.documents;
    });
    socket!.close();

    const p99 = percentile(taskPulls, 99);
    const lists1k = sizes.lists.toLocaleString('en-US');
    return [
      {
        scenario: `shared lists: pull with nothing changed, member of ${lists1k} lists (store time)`,
        tasklane: `1 page (empty); median ${median(taskPulls).toFixed(3)} / p99 ${p99.toFixed(3)} ms`,
        peer: 'n/a: the peer has no sharing (target as reference: one page, ≤ 5 ms)',
        ratio: null,
        ...atMost(p99, 5, 'one page, p99 ≤ 5 ms'),
        detail:
          `${sizes.pulls} pulls of tasks from the caught-up checkpoint (${tasks.documents.toLocaleString('en-US')} tasks of ${lists1k} lists, ` +
          `${sizes.owners} owners) timed around store.pullChanges in process; lists pull median ${median(listPulls).toFixed(3)} / ` +
          `p99 ${percentile(listPulls, 99).toFixed(3)} ms; a user with nothing: median ${median(alonePulls).toFixed(3)} ms; ` +
          `socket pull round trip median ${median(roundTrips).toFixed(2)} / max ${percentile(roundTrips, 100).toFixed(2)} ms (${sizes.roundTrips} pulls)`,
      },
    ];
  } finally {
    await store.close();
    await server.stop();
    temp.remove();
  }
}
