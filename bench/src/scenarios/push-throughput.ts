import type { PushResponse } from '@tasklane/shared/protocol/push';
import { benchTask } from '../bench-task';
import { connectPeer, type PeerServer, type PeerSocket } from '../peer-driver';
import { atLeast, formatRate, median, type BenchRow } from '../result-table';
import { connectRawMany, registerUsers, unwrap, type TasklaneCluster } from '../tasklane-driver';
import type { RawTasklaneSocket } from '../raw-tasklane-socket';

/** `rounds`: each figure is measured that many times, the systems taking turns; the table shows the median. */
export type PushSizes = { batches: number; batchSize: number; devices: number; pushesPerDevice: number; rounds: number };

async function rate(docs: number, run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return docs / ((performance.now() - started) / 1000);
}

const list = (rates: number[]) => rates.map((value) => Math.round(value).toLocaleString('en-US')).join(' / ');

/** Scenario 1: documents accepted per second, one device in batches and many devices one by one. */
export async function pushThroughput(tasklane: TasklaneCluster, peer: PeerServer, sizes: PushSizes): Promise<BenchRow[]> {
  const url = tasklane.instances[0]!.url;
  const batchedDocs = sizes.batches * sizes.batchSize;
  const singleDocs = sizes.devices * sizes.pushesPerDevice;
  let unique = 0;
  const batchRows = () => Array.from({ length: sizes.batchSize }, () => ({ newDocumentState: benchTask(`b${(unique += 1)}`) }));
  const singleRow = () => [{ newDocumentState: benchTask(`d${(unique += 1)}`) }];

  const [owner] = await registerUsers(url, 1);
  const [device] = await connectRawMany(url, [owner!.accessToken]);
  const users = await registerUsers(url, sizes.devices);
  const devices = await connectRawMany(
    url,
    users.map((user) => user.accessToken),
  );

  const tasklaneBatched = () =>
    rate(batchedDocs, async () => {
      for (let batch = 0; batch < sizes.batches; batch += 1) unwrap<PushResponse>(await device!.push({ rows: batchRows() }));
    });
  const tasklaneSingles = () =>
    rate(singleDocs, async () => {
      await Promise.all(
        devices.map(async (socket: RawTasklaneSocket) => {
          for (let i = 0; i < sizes.pushesPerDevice; i += 1) unwrap<PushResponse>(await socket.push({ rows: singleRow() }));
        }),
      );
    });
  // Every RxDB client subscribes to the change stream (as every Tasklane socket gets `changes`), so the batched writer does too.
  const peerBatched = async () => {
    const socket = await connectPeer(peer.url);
    socket.subscribeStream(() => undefined);
    try {
      return await rate(batchedDocs, async () => {
        for (let batch = 0; batch < sizes.batches; batch += 1) {
          const conflicts = await socket.call<unknown[]>('masterWrite', [batchRows()]);
          if (conflicts.length > 0) throw new Error('the peer reported conflicts on fresh inserts');
        }
      });
    } finally {
      socket.close();
    }
  };
  const peerSingles = async (subscribed: boolean) => {
    const sockets: PeerSocket[] = await Promise.all(Array.from({ length: sizes.devices }, () => connectPeer(peer.url)));
    if (subscribed) for (const socket of sockets) socket.subscribeStream(() => undefined);
    try {
      return await rate(singleDocs, async () => {
        await Promise.all(
          sockets.map(async (socket) => {
            for (let i = 0; i < sizes.pushesPerDevice; i += 1) await socket.call('masterWrite', [singleRow()]);
          }),
        );
      });
    } finally {
      for (const socket of sockets) socket.close();
    }
  };

  const runs = { tasklaneBatched: [] as number[], peerBatched: [] as number[], tasklaneSingles: [] as number[] };
  const peerRuns = { unsubscribed: [] as number[], subscribed: [] as number[] };
  try {
    for (let round = 0; round < sizes.rounds; round += 1) {
      runs.tasklaneBatched.push(await tasklaneBatched());
      runs.peerBatched.push(await peerBatched());
      runs.tasklaneSingles.push(await tasklaneSingles());
      peerRuns.unsubscribed.push(await peerSingles(false));
      peerRuns.subscribed.push(await peerSingles(true));
    }
  } finally {
    for (const socket of [device!, ...devices]) socket.close();
  }

  const ours = { batched: median(runs.tasklaneBatched), singles: median(runs.tasklaneSingles) };
  const theirs = {
    batched: median(runs.peerBatched),
    unsubscribed: median(peerRuns.unsubscribed),
    subscribed: median(peerRuns.subscribed),
  };
  const runsOf = (a: number[], b: number[]) => `median of ${sizes.rounds} rounds (Tasklane ${list(a)}; peer ${list(b)} docs/s)`;
  const singlesDetail = `${singleDocs} docs, ${sizes.pushesPerDevice} sequential pushes per device; Tasklane: one user per device`;
  return [
    {
      scenario: `push: 1 device, batches of ${sizes.batchSize}`,
      tasklane: formatRate(ours.batched),
      peer: formatRate(theirs.batched),
      ratio: ours.batched / theirs.batched,
      ...atLeast(ours.batched / theirs.batched, 1, '≥ 1.0× peer'),
      detail: `${batchedDocs} docs, the writer receives its own changes on both systems; ${runsOf(runs.tasklaneBatched, runs.peerBatched)}`,
    },
    {
      scenario: `push: ${sizes.devices} devices, single docs, vs peer unsubscribed`,
      tasklane: formatRate(ours.singles),
      peer: formatRate(theirs.unsubscribed),
      ratio: ours.singles / theirs.unsubscribed,
      ...atLeast(ours.singles / theirs.unsubscribed, 1, '≥ 1.0× peer'),
      detail: `${singlesDetail}; the peer's clients do not subscribe to the change stream; ${runsOf(runs.tasklaneSingles, peerRuns.unsubscribed)}`,
    },
    {
      scenario: `push: ${sizes.devices} devices, single docs, vs peer subscribed`,
      tasklane: formatRate(ours.singles),
      peer: formatRate(theirs.subscribed),
      ratio: ours.singles / theirs.subscribed,
      ...atLeast(ours.singles / theirs.subscribed, 10, '≥ 10× peer'),
      detail: `${singlesDetail}; every peer client subscribes, and the peer sends each change to all ${sizes.devices} (it has no users); ${runsOf(runs.tasklaneSingles, peerRuns.subscribed)}`,
    },
  ];
}
