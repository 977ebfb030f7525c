import type { Task } from '@tasklane/shared/domain/task';
import type { PullRequest, PullResponse } from '@tasklane/shared/protocol/pull';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { createPrefetchingPull } from './prefetching-pull';

const GENERATION = 'g1';

/** A server holding `total` changes; records every request it answers. */
function fakeServer(total: number) {
  const requests: PullRequest[] = [];
  const failing = new Set<number>();
  const pull = (request: PullRequest): Promise<PullResponse> => {
    requests.push(request);
    if (failing.delete(request.checkpoint?.seq ?? 0)) return Promise.reject(new Error('connection lost'));
    const from = request.checkpoint?.seq ?? 0;
    const to = Math.min(total, from + request.limit);
    const documents = Array.from({ length: to - from }, (_, i) => ({ ...makeTask({ title: `t${from + i + 1}` }), seq: from + i + 1 }));
    return Promise.resolve({ documents, checkpoint: { seq: to, generation: GENERATION } });
  };
  return { pull, requests, failOnceFrom: (seq: number) => failing.add(seq) };
}

const page = (seq: number | null, limit = 3): PullRequest => ({
  collection: 'tasks',
  checkpoint: seq === null ? null : { seq, generation: GENERATION },
  limit,
});
const seqs = (requests: PullRequest[]) => requests.map((request) => request.checkpoint?.seq ?? null);

describe('prefetching pull', () => {
  it('[BW8] asks for the next page as soon as a full page arrives, and hands it over when RxDB asks for exactly that page', async () => {
    const server = fakeServer(7);
    const pull = createPrefetchingPull(server.pull, () => 0, 3);
    const first = await pull(page(null));
    expect(first.documents.map((task) => (task as Task).title)).toEqual(['t1', 't2', 't3']);
    expect(seqs(server.requests)).toEqual([null, 3]); // the second page is on its way
    const second = await pull(page(3));
    expect(second.documents.map((task) => (task as Task).title)).toEqual(['t4', 't5', 't6']);
    expect(seqs(server.requests)).toEqual([null, 3, 6]); // served from the prefetch, and the third asked for
    const third = await pull(page(6));
    expect(third.documents.map((task) => (task as Task).title)).toEqual(['t7']);
    expect(seqs(server.requests)).toEqual([null, 3, 6]); // a short page: nothing more to prefetch
  });

  it('[BW8] after a small first page the prefetched pages are full size', async () => {
    const server = fakeServer(12);
    const pull = createPrefetchingPull(server.pull, () => 0, 5);
    expect((await pull(page(null, 2))).documents).toHaveLength(2);
    await pull(page(2, 5));
    await pull(page(7, 5));
    expect((await pull(page(12, 5))).documents).toEqual([]);
    expect(server.requests.map((request) => [request.checkpoint?.seq ?? null, request.limit])).toEqual([
      [null, 2],
      [2, 5],
      [7, 5],
      [12, 5],
    ]);
  });

  it('[BW8] drops the prefetched page when a push or a reconnect happened meanwhile, or another page is asked for', async () => {
    const server = fakeServer(20);
    let activity = 0;
    const pull = createPrefetchingPull(server.pull, () => activity, 3);
    await pull(page(null));
    activity += 1; // a push began
    await pull(page(3));
    expect(seqs(server.requests)).toEqual([null, 3, 3, 6]); // asked again; the new answer prefetches 6
    await pull(page(0, 5)); // RESYNC from elsewhere: not the prefetched request
    expect(seqs(server.requests)).toEqual([null, 3, 3, 6, 0, 5]);
  });

  it('[BW8] a prefetch that fails is not used quietly: the caller that needs it gets the error, an unused one is dropped', async () => {
    const server = fakeServer(20);
    const pull = createPrefetchingPull(server.pull, () => 0, 3);
    server.failOnceFrom(3);
    await pull(page(null)); // its prefetch of page 3 fails
    await expect(pull(page(3))).rejects.toThrow('connection lost');
    expect((await pull(page(3))).documents).toHaveLength(3); // RxDB retries: a fresh request
    server.failOnceFrom(9);
    await pull(page(6)); // the prefetch of page 9 fails, but RxDB asks for another page: dropped, no unhandled rejection
    expect((await pull(page(12))).documents).toHaveLength(3);
    expect(seqs(server.requests)).toEqual([null, 3, 3, 6, 9, 12, 15]);
  });
});
