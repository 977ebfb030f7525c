import type { PushResponse } from '@tasklane/shared/protocol/push';
import type { ChangesEvent } from '@tasklane/shared/protocol/changes';
import type { Task } from '@tasklane/shared/domain/task';
import { benchTask } from '../bench-task';
import { connectPeer, type PeerServer } from '../peer-driver';
import { percentile, type BenchRow } from '../result-table';
import { connectMany, registerUsers, unwrap, type TasklaneCluster } from '../tasklane-driver';

const BACKGROUND_USERS = 20;

type Latencies = { p50: number; p95: number; p99: number };

function summarize(samples: number[]): Latencies {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99) };
}

const show = (latency: Latencies) => `p50 ${latency.p50.toFixed(1)} / p95 ${latency.p95.toFixed(1)} / p99 ${latency.p99.toFixed(1)} ms`;

/** Times `writes` sequential writes from emit on the writer until the reader has the change. */
async function measure(
  writes: number,
  write: (task: Task) => Promise<void>,
  arrived: (onId: (id: string) => void) => void,
): Promise<number[]> {
  const waiting = new Map<string, () => void>();
  arrived((id) => waiting.get(id)?.());
  const samples: number[] = [];
  for (let i = 0; i < writes; i += 1) {
    const task = benchTask(`latency ${i}`);
    const received = new Promise<void>((resolve) => waiting.set(task.id, resolve));
    const started = performance.now();
    await Promise.all([write(task), received]);
    samples.push(performance.now() - started);
    waiting.delete(task.id);
  }
  return samples;
}

async function tasklaneLatency(writerUrl: string, readerUrl: string, devices: number, writes: number): Promise<Latencies> {
  const [owner, ...others] = await registerUsers(writerUrl, 1 + BACKGROUND_USERS);
  const [writer] = await connectMany(writerUrl, [owner!.accessToken]);
  const [reader] = await connectMany(readerUrl, [owner!.accessToken]);
  const background = await connectMany(
    writerUrl,
    Array.from({ length: devices - 2 }, (_, i) => others[i % others.length]!.accessToken),
  );
  try {
    const samples = await measure(
      writes,
      async (task) => {
        unwrap<PushResponse>(await writer!.push({ rows: [{ newDocumentState: task }] }));
      },
      (onId) => reader!.socket.on('changes', (event: ChangesEvent) => event.documents.forEach((doc) => onId(doc.id))),
    );
    return summarize(samples);
  } finally {
    for (const socket of [writer!, reader!, ...background]) socket.close();
  }
}

async function peerLatency(peer: PeerServer, devices: number, writes: number): Promise<Latencies> {
  const writer = await connectPeer(peer.url);
  const reader = await connectPeer(peer.url);
  const background = await Promise.all(Array.from({ length: devices - 2 }, () => connectPeer(peer.url)));
  // Every RxDB client subscribes to the master change stream; the peer has no per-user scoping.
  for (const socket of background) socket.subscribeStream(() => undefined);
  try {
    const samples = await measure(
      writes,
      async (task) => {
        await writer.call('masterWrite', [[{ newDocumentState: task }]]);
      },
      (onId) => reader.subscribeStream((event) => event.documents.forEach((doc) => onId(doc.id))),
    );
    return summarize(samples);
  } finally {
    for (const socket of [writer, reader, ...background]) socket.close();
  }
}

/** Scenario 2: a write on device A until device B has it; same instance, across instances (Redis), and the peer. */
export async function propagationLatency(
  single: TasklaneCluster,
  pair: TasklaneCluster | null,
  peer: PeerServer,
  deviceCounts: number[],
  writes: number,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const devices of deviceCounts) {
    const same = await tasklaneLatency(single.instances[0]!.url, single.instances[0]!.url, devices, writes);
    const reference = await peerLatency(peer, devices, writes);
    rows.push({
      scenario: `propagation, ${devices} devices, same instance`,
      tasklane: show(same),
      peer: show(reference),
      ratio: reference.p99 / same.p99,
      detail: `${writes} sequential writes; ratio on p99 (peer ÷ Tasklane latency)`,
    });
    if (pair) {
      const across = await tasklaneLatency(pair.instances[0]!.url, pair.instances[1]!.url, devices, writes);
      rows.push({
        scenario: `propagation, ${devices} devices, across instances`,
        tasklane: show(across),
        peer: 'n/a (single process)',
        ratio: null,
        detail: 'writer on instance 1, reader on instance 2, through Redis',
      });
    }
  }
  return rows;
}
