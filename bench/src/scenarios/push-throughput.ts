import type { PushResponse } from '@tasklane/shared/protocol/push';
import { benchTask } from '../bench-task';
import { connectPeer, type PeerServer } from '../peer-driver';
import { formatRate, type BenchRow } from '../result-table';
import { connectMany, registerUsers, unwrap, type TasklaneCluster } from '../tasklane-driver';

export type PushSizes = { batches: number; batchSize: number; devices: number; pushesPerDevice: number };

async function timed(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

/** Scenario 1: documents accepted per second, one device in batches and many devices one by one. */
export async function pushThroughput(tasklane: TasklaneCluster, peer: PeerServer, sizes: PushSizes): Promise<BenchRow[]> {
  const url = tasklane.instances[0]!.url;
  const batchedDocs = sizes.batches * sizes.batchSize;
  const singleDocs = sizes.devices * sizes.pushesPerDevice;

  const [owner] = await registerUsers(url, 1);
  const [device] = await connectMany(url, [owner!.accessToken]);
  const tasklaneBatched = await timed(async () => {
    for (let batch = 0; batch < sizes.batches; batch += 1) {
      const rows = Array.from({ length: sizes.batchSize }, (_, i) => ({ newDocumentState: benchTask(`b${batch}-${i}`) }));
      unwrap<PushResponse>(await device!.push({ rows }));
    }
  });
  device!.close();

  // Every RxDB client subscribes to the change stream (as every Tasklane socket gets `changes`), so writers here do too.
  const peerSocket = await connectPeer(peer.url);
  peerSocket.subscribeStream(() => undefined);
  const peerBatched = await timed(async () => {
    for (let batch = 0; batch < sizes.batches; batch += 1) {
      const rows = Array.from({ length: sizes.batchSize }, (_, i) => ({ newDocumentState: benchTask(`b${batch}-${i}`) }));
      const conflicts = await peerSocket.call<unknown[]>('masterWrite', [rows]);
      if (conflicts.length > 0) throw new Error('the peer reported conflicts on fresh inserts');
    }
  });
  peerSocket.close();

  const users = await registerUsers(url, sizes.devices);
  const devices = await connectMany(
    url,
    users.map((user) => user.accessToken),
  );
  const tasklaneSingles = await timed(async () => {
    await Promise.all(
      devices.map(async (socket, index) => {
        for (let i = 0; i < sizes.pushesPerDevice; i += 1)
          unwrap<PushResponse>(await socket.push({ rows: [{ newDocumentState: benchTask(`d${index}-${i}`) }] }));
      }),
    );
  });
  for (const socket of devices) socket.close();

  const peerDevices = await Promise.all(Array.from({ length: sizes.devices }, () => connectPeer(peer.url)));
  for (const socket of peerDevices) socket.subscribeStream(() => undefined);
  const peerSingles = await timed(async () => {
    await Promise.all(
      peerDevices.map(async (socket, index) => {
        for (let i = 0; i < sizes.pushesPerDevice; i += 1)
          await socket.call('masterWrite', [[{ newDocumentState: benchTask(`d${index}-${i}`) }]]);
      }),
    );
  });
  for (const socket of peerDevices) socket.close();

  return [
    {
      scenario: `push: 1 device, batches of ${sizes.batchSize}`,
      tasklane: formatRate(batchedDocs / tasklaneBatched),
      peer: formatRate(batchedDocs / peerBatched),
      ratio: peerBatched / tasklaneBatched,
      detail: `${batchedDocs} docs; the writer receives its own changes on both systems`,
    },
    {
      scenario: `push: ${sizes.devices} devices, single docs`,
      tasklane: formatRate(singleDocs / tasklaneSingles),
      peer: formatRate(singleDocs / peerSingles),
      ratio: peerSingles / tasklaneSingles,
      detail: `${singleDocs} docs; Tasklane: one user per device; the peer streams every change to every device (it has no users)`,
    },
  ];
}
