import type { PushResponse } from '@tasklane/shared/protocol/push';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { makeList } from '@tasklane/testkit/task-fixture';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createEmbeddedStore } from '@tasklane/sync-server/src/store/sqlite/embedded-store';
import { benchTask } from './bench-task';
import { atMost, percentile, type BenchRow } from './result-table';
import { holdMemberSockets, type Arrival } from './shared-fan-out-holder';
import { connectMany, registerUsers, UNTHROTTLED, unwrap } from './tasklane-driver';

/** `members` besides the owner (at most 100, [SH9]), each with a socket on either instance; `writes` timed after `warmUp`. */
export type SharedFanOutSizes = { members: number; writes: number; warmUp: number };

/** Every member socket must have every write by then, or the run fails instead of hanging. */
const DELIVERY_TIMEOUT_MS = 30_000;
const log = (message: string) => process.stderr.write(`  ${message}\n`);

type Latencies = { p50: number; p95: number; p99: number; max: number };

function summarize(samples: number[]): Latencies {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), max: percentile(samples, 100) };
}

const show = (latency: Latencies) => `p50 ${latency.p50.toFixed(1)} / p95 ${latency.p95.toFixed(1)} / p99 ${latency.p99.toFixed(1)} ms`;

/** Waits until every timed write reached all `expected` sockets; refuses a write that reached one twice. */
async function awaitDelivery(readArrivals: () => Promise<Map<string, Arrival>>, ids: string[], expected: number) {
  let arrivals = new Map<string, Arrival>();
  const complete = () => ids.filter((id) => (arrivals.get(id)?.count ?? 0) >= expected).length;
  try {
    await waitFor(async () => {
      arrivals = await readArrivals();
      return complete() === ids.length;
    }, DELIVERY_TIMEOUT_MS);
  } catch {
    throw new Error(`${complete()} of ${ids.length} writes reached all ${expected} member sockets`);
  }
  const twice = ids.filter((id) => arrivals.get(id)!.count > expected);
  if (twice.length > 0) throw new Error(`${twice.length} writes reached some member socket more than once`);
  return arrivals;
}

/**
 * docs/benchmarks.md [SB3]: two instances and Redis; one list shared by `members` members with one socket on each
 * instance; the owner, on instance 1, pushes single-task writes one after another (each after the previous ack).
 * Timed per write from the emit until the last of the member sockets has it, whatever instance it is on.
 */
export async function sharedFanOut(redisUrl: string, sizes: SharedFanOutSizes): Promise<BenchRow[]> {
  const temp = makeTempDir('bench-shared-fan-out');
  const instances: ServerProcess[] = [];
  const closers: Array<() => unknown> = [];
  try {
    for (let i = 0; i < 2; i += 1) instances.push(await startServerProcess({ DATA_DIR: temp.dir, ...UNTHROTTLED, REDIS_URL: redisUrl }));
    const [first, second] = instances as [ServerProcess, ServerProcess];
    const [owner, ...members] = await registerUsers(first.url, 1 + sizes.members);
    const [writer] = await connectMany(first.url, [owner!.accessToken]);
    closers.push(() => writer!.close());
    const list = makeList({ name: 'Shared with everyone' });
    unwrap(await writer!.pushLists({ rows: [{ newDocumentState: list }] }));

    log(`${sizes.members} members join…`);
    // Joined through the store: the invitation round trip (and its verified address) is not what this measures.
    const store = createEmbeddedStore({ dataDir: temp.dir });
    try {
      for (const member of members) await store.putMember(owner!.id, list.id, member.id, 'editor', new Date().toISOString());
    } finally {
      await store.close();
    }
    const holder = await holdMemberSockets(
      members.flatMap((member) => [
        { url: first.url, token: member.accessToken, group: 0 },
        { url: second.url, token: member.accessToken, group: 1 },
      ]),
    );
    closers.push(() => holder.close());

    log(`${sizes.warmUp + sizes.writes} writes to a list of ${sizes.members} members…`);
    const emitted = new Map<string, bigint>();
    const acks: number[] = [];
    for (let i = 0; i < sizes.warmUp + sizes.writes; i += 1) {
      const task = { ...benchTask(`shared ${i}`), listId: list.id };
      const started = process.hrtime.bigint();
      unwrap<PushResponse>(await writer!.push({ rows: [{ newDocumentState: task }] }));
      if (i < sizes.warmUp) continue;
      emitted.set(task.id, started);
      acks.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    const sockets = members.length * 2;
    const arrivals = await awaitDelivery(() => holder.arrivals(), [...emitted.keys()], sockets);

    const sinceEmit = (id: string, group?: number) => {
      const { lastNs } = arrivals.get(id)!;
      const last = group === undefined ? Math.max(...lastNs) : lastNs[group]!;
      return (last - Number(emitted.get(id)!)) / 1e6;
    };
    const all = summarize([...emitted.keys()].map((id) => sinceEmit(id)));
    const sameInstance = summarize([...emitted.keys()].map((id) => sinceEmit(id, 0)));
    const across = summarize([...emitted.keys()].map((id) => sinceEmit(id, 1)));
    const ack = summarize(acks);
    return [
      {
        scenario: `shared list: a write reaches all ${sockets} sockets of ${sizes.members} members, 2 instances (Redis)`,
        tasklane: show(all),
        peer: 'n/a: the peer has no sharing (target as reference: p99 ≤ 50 ms)',
        ratio: null,
        ...atMost(all.p99, 50, 'p99 ≤ 50 ms'),
        detail:
          `${sizes.writes} sequential single-task writes by the owner on instance 1 (each after the previous ack) after ${sizes.warmUp} untimed; ` +
          `emit until the last member socket has it; member sockets half on each instance, every write checked delivered to every one exactly once; ` +
          `p99 on instance 1 ${sameInstance.p99.toFixed(1)} ms, on instance 2 ${across.p99.toFixed(1)} ms; max ${all.max.toFixed(1)} ms; ` +
          `ack p50 ${ack.p50.toFixed(1)} / p99 ${ack.p99.toFixed(1)} ms`,
      },
    ];
  } finally {
    for (const close of closers.reverse()) await close();
    await Promise.all(instances.map((instance) => instance.stop()));
    temp.remove();
  }
}
