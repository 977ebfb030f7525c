import type { PushResponse } from '@tasklane/shared/protocol/push';
import type { Task } from '@tasklane/shared/domain/task';
import type { RegisteredUser } from '@tasklane/testkit/api-client';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { benchTask } from '../bench-task';
import { connectPeer, type PeerServer } from '../peer-driver';
import { atMost, percentile, type BenchRow } from '../result-table';
import { holdSockets, type HoldRequest, type SocketHolder } from '../socket-holder';
import { connectRawMany, registerUsers, unwrap, type TasklaneCluster } from '../tasklane-driver';

/** The idle devices of the many-devices rows belong to this many other users (they receive nothing). */
const BACKGROUND_USERS = 20;
/** A write that has not reached the reader after this long is lost: the run fails instead of hanging. */
const ARRIVAL_TIMEOUT_MS = 10_000;
const log = (message: string) => process.stderr.write(`  ${message}\n`);

/** `writes` are timed after `warmUp` untimed ones; `sameUser` extra sockets of the writer's user; `devices` in the many-devices rows. */
export type LatencySizes = { writes: number; warmUp: number; sameUser: number; devices: number };

type Latencies = { p50: number; p95: number; p99: number };

function summarize(samples: number[]): Latencies {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99) };
}

const show = (latency: Latencies) => `p50 ${latency.p50.toFixed(1)} / p95 ${latency.p95.toFixed(1)} / p99 ${latency.p99.toFixed(1)} ms`;

/** What the background sockets of a measurement must have received, checked after it: proof the fan-out happened. */
type Delivery = { holder: SocketHolder; expected: number };

/** Times sequential writes from emit on the writer until the reader has the change. */
async function measure(
  sizes: LatencySizes,
  write: (task: Task) => Promise<void>,
  arrived: (onId: (id: string) => void) => void,
): Promise<number[]> {
  const waiting = new Map<string, () => void>();
  arrived((id) => waiting.get(id)?.());
  // The peer's stream subscription is a message like any other and may not be in place when the first write lands:
  // probe until one write arrives, so no timed write is lost to that race.
  for (let probe = 0; ; probe += 1) {
    const task = benchTask(`probe ${probe}`);
    const arrivedInTime = new Promise<boolean>((resolve) => {
      waiting.set(task.id, () => resolve(true));
      setTimeout(() => resolve(false), 1000);
    });
    await write(task);
    const ok = await arrivedInTime;
    waiting.delete(task.id);
    if (ok) break;
    if (probe === 10) throw new Error('no write reached the reader');
  }
  const samples: number[] = [];
  for (let i = 0; i < sizes.warmUp + sizes.writes; i += 1) {
    const task = benchTask(`latency ${i}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const received = new Promise<void>((resolve, reject) => {
      waiting.set(task.id, resolve);
      timer = setTimeout(
        () => reject(new Error(`write ${i} did not reach the reader within ${ARRIVAL_TIMEOUT_MS} ms`)),
        ARRIVAL_TIMEOUT_MS,
      );
    });
    const started = performance.now();
    try {
      await Promise.all([write(task), received]);
    } finally {
      clearTimeout(timer);
      waiting.delete(task.id);
    }
    if (i >= sizes.warmUp) samples.push(performance.now() - started);
  }
  return samples;
}

/** Fails the run when the background sockets that should receive every change did not. */
async function checkDelivery(delivery: Delivery | null): Promise<void> {
  if (!delivery || delivery.expected === 0) return;
  let received = 0;
  try {
    await waitFor(async () => (received = await delivery.holder.received()) >= delivery.expected, 30_000);
  } catch {
    throw new Error(`the background sockets received ${received} of ${delivery.expected} documents`);
  }
}

type TasklaneSetup = {
  writerUrl: string;
  readerUrl: string;
  /** The background sockets, given the writer's user and the others. */
  background?: (owner: RegisteredUser, others: RegisteredUser[]) => { hold: HoldRequest; receivesAll: boolean };
};

async function tasklaneLatency(setup: TasklaneSetup, sizes: LatencySizes): Promise<Latencies> {
  const [owner, ...others] = await registerUsers(setup.writerUrl, 1 + (setup.background ? BACKGROUND_USERS : 0));
  // The background first and the reader last: a room is served in join order, so the reader gets a change after all the others.
  const background = setup.background?.(owner!, others);
  const holder = background ? await holdSockets(background.hold) : null;
  const [writer] = await connectRawMany(setup.writerUrl, [owner!.accessToken]);
  const [reader] = await connectRawMany(setup.readerUrl, [owner!.accessToken]);
  try {
    const samples = await measure(
      sizes,
      async (task) => {
        unwrap<PushResponse>(await writer!.push({ rows: [{ newDocumentState: task }] }));
      },
      (onId) => reader!.onChanges((event) => event.documents.forEach((doc) => onId(doc.id))),
    );
    const count = background?.hold.system === 'tasklane' ? background.hold.tokens.length : 0;
    await checkDelivery(holder && background?.receivesAll ? { holder, expected: count * (sizes.warmUp + sizes.writes) } : null);
    return summarize(samples);
  } finally {
    writer!.close();
    reader!.close();
    await holder?.close();
  }
}

/** The peer has no users: every client subscribes to the change stream (as every RxDB client does) and receives every change. */
async function peerLatency(peer: PeerServer, backgroundCount: number, sizes: LatencySizes): Promise<Latencies> {
  // As on Tasklane: the background subscribes first, the reader last.
  const holder = backgroundCount > 0 ? await holdSockets({ system: 'peer', url: peer.url, count: backgroundCount }) : null;
  const writer = await connectPeer(peer.url);
  const reader = await connectPeer(peer.url);
  writer.subscribeStream(() => undefined); // as Tasklane's writer, which is in its user's room, gets its own change
  try {
    const samples = await measure(
      sizes,
      async (task) => {
        await writer.call('masterWrite', [[{ newDocumentState: task }]]);
      },
      (onId) => reader.subscribeStream((event) => event.documents.forEach((doc) => onId(doc.id))),
    );
    await checkDelivery(holder ? { holder, expected: backgroundCount * (sizes.warmUp + sizes.writes) } : null);
    return summarize(samples);
  } finally {
    writer.close();
    reader.close();
    await holder?.close();
  }
}

/**
 * Scenario 2: a write on device A until device B of the same user has it. Background sockets are held by a
 * separate process (socket-holder.ts), so the load generator times the server, not its own decoding.
 */
export async function propagationLatency(
  single: TasklaneCluster,
  pair: TasklaneCluster | null,
  peer: PeerServer,
  sizes: LatencySizes,
): Promise<BenchRow[]> {
  const url = single.instances[0]!.url;
  const timed = `${sizes.writes} sequential single-document writes after ${sizes.warmUp} untimed; ratio on p99 (peer ÷ Tasklane latency)`;
  const rows: BenchRow[] = [];

  log('2 devices…');
  const two = await tasklaneLatency({ writerUrl: url, readerUrl: url }, sizes);
  const twoPeer = await peerLatency(peer, 0, sizes);
  rows.push({
    scenario: 'propagation: 2 devices of one user',
    tasklane: show(two),
    peer: show(twoPeer),
    ratio: twoPeer.p99 / two.p99,
    ...atMost(two.p99, 5, 'p99 ≤ 5 ms'),
    detail: `${timed}; nothing else connected`,
  });

  log(`2 devices + ${sizes.sameUser} sockets of the same user…`);
  const sameUser = await tasklaneLatency(
    {
      writerUrl: url,
      readerUrl: url,
      background: (owner) => ({
        hold: { system: 'tasklane', url, tokens: Array<string>(sizes.sameUser).fill(owner.accessToken) },
        receivesAll: true,
      }),
    },
    sizes,
  );
  const sameUserPeer = await peerLatency(peer, sizes.sameUser, sizes);
  rows.push({
    scenario: `propagation: 2 devices + ${sizes.sameUser} more sockets of the same user`,
    tasklane: show(sameUser),
    peer: show(sameUserPeer),
    ratio: sameUserPeer.p99 / sameUser.p99,
    ...atMost(sameUser.p99, 10, 'p99 ≤ 10 ms'),
    detail: `${timed}; every change also goes to the ${sizes.sameUser} other sockets, which joined before the reader (peer: ${sizes.sameUser} more subscribed clients), checked delivered`,
  });

  const othersIdle = (writerUrl: string) => (_owner: RegisteredUser, others: RegisteredUser[]) => ({
    hold: {
      system: 'tasklane' as const,
      url: writerUrl,
      tokens: Array.from({ length: sizes.devices - 2 }, (_, i) => others[i % others.length]!.accessToken),
    },
    receivesAll: false,
  });
  log(`${sizes.devices} devices…`);
  const many = await tasklaneLatency({ writerUrl: url, readerUrl: url, background: othersIdle(url) }, sizes);
  const manyPeer = await peerLatency(peer, sizes.devices - 2, sizes);
  const devices = sizes.devices.toLocaleString('en-US');
  rows.push({
    scenario: `propagation: ${devices} devices, same instance`,
    tasklane: show(many),
    peer: show(manyPeer),
    ratio: manyPeer.p99 / many.p99,
    detail: `${timed}; Tasklane: ${sizes.devices - 2} idle sockets of ${BACKGROUND_USERS} other users; the peer sends every change to all`,
  });

  if (pair) {
    const [first, second] = pair.instances;
    log(`${sizes.devices} devices across instances…`);
    const across = await tasklaneLatency({ writerUrl: first!.url, readerUrl: second!.url, background: othersIdle(first!.url) }, sizes);
    rows.push({
      scenario: `propagation: ${devices} devices, across instances (Redis)`,
      tasklane: show(across),
      peer: 'n/a (single process)',
      ratio: null,
      ...atMost(across.p99, 50, 'p99 ≤ 50 ms'),
      detail: `writer on instance 1 with ${sizes.devices - 2} idle sockets of other users, reader on instance 2, through Redis`,
    });
  }
  return rows;
}
