import { createRxDatabase } from 'rxdb/plugins/core';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { replicateWithWebsocketServer } from 'rxdb/plugins/replication-websocket';
import type { PullResponse } from '@tasklane/shared/protocol/pull';
import { buildTaskRxJsonSchema } from '@tasklane/shared/domain/task-json-schema';
import type { RegisteredUser } from '@tasklane/testkit/api-client';
import { createTestDevice } from '@tasklane/testkit/test-device';
import { benchTask } from '../bench-task';
import { connectPeer, type PeerServer } from '../peer-driver';
import { formatRate, type BenchRow } from '../result-table';
import { connectMany, seedUserWithTasks, unwrap, type TasklaneCluster } from '../tasklane-driver';

const SEED_BATCH = 500;

async function seedPeer(peer: PeerServer, count: number): Promise<void> {
  const socket = await connectPeer(peer.url);
  for (let written = 0; written < count; written += SEED_BATCH) {
    const rows = Array.from({ length: Math.min(SEED_BATCH, count - written) }, (_, i) => ({
      newDocumentState: benchTask(`seed ${written + i}`),
    }));
    await socket.call('masterWrite', [rows]);
  }
  socket.close();
}

/** The raw protocol: pull pages of 1,000 from `null` until caught up, no client database. */
async function tasklaneRawPull(url: string, token: string, count: number): Promise<number> {
  const [socket] = await connectMany(url, [token]);
  try {
    const started = performance.now();
    let checkpoint: PullResponse['checkpoint'] = null;
    let received = 0;
    for (;;) {
      const page: PullResponse = unwrap<PullResponse>(await socket!.pull({ checkpoint, limit: 1000 }));
      if (page.documents.length === 0) break;
      received += page.documents.length;
      checkpoint = page.checkpoint;
    }
    if (received !== count) throw new Error(`raw pull got ${received} of ${count}`);
    return (performance.now() - started) / 1000;
  } finally {
    socket!.close();
  }
}

async function peerRawPull(peer: PeerServer, count: number): Promise<number> {
  const socket = await connectPeer(peer.url);
  try {
    const started = performance.now();
    let checkpoint: unknown = undefined;
    let received = 0;
    for (;;) {
      const page = await socket.call<{ documents: unknown[]; checkpoint: unknown }>('masterChangesSince', [checkpoint, 1000]);
      if (page.documents.length === 0) break;
      received += page.documents.length;
      checkpoint = page.checkpoint;
    }
    if (received !== count) throw new Error(`peer raw pull got ${received} of ${count}`);
    return (performance.now() - started) / 1000;
  } finally {
    socket.close();
  }
}

/** A new device with the real client replication code (RxDB storage-memory) pulls everything from `null`. */
async function tasklaneInitialSync(url: string, user: RegisteredUser, count: number): Promise<number> {
  const device = await createTestDevice(url, user);
  try {
    const started = performance.now();
    const engine = await device.goOnline();
    await engine.replication.awaitInitialReplication();
    const seconds = (performance.now() - started) / 1000;
    const local = await device.db.tasks.count().exec();
    if (local !== count) throw new Error(`Tasklane device holds ${local} of ${count}`);
    return seconds;
  } finally {
    await device.close();
  }
}

async function peerInitialSync(peer: PeerServer, count: number, batchSize: number): Promise<number> {
  const database = await createRxDatabase({ name: `peerclient${count}`, storage: getRxStorageMemory(), multiInstance: false });
  await database.addCollections({ tasks: { schema: buildTaskRxJsonSchema() as never } });
  try {
    const started = performance.now();
    const replication = await replicateWithWebsocketServer({
      collection: database.tasks!,
      url: peer.url,
      replicationIdentifier: `bench-${count}`,
      live: true,
      batchSize,
    });
    await replication.awaitInitialReplication();
    const seconds = (performance.now() - started) / 1000;
    const local = await database.tasks!.count().exec();
    await replication.cancel();
    if (local !== count) throw new Error(`peer device holds ${local} of ${count}`);
    return seconds;
  } finally {
    await database.close();
  }
}

/** Scenario 3: initial sync of a large account. Each size gets fresh servers (the peer holds one collection for everyone). */
export async function initialSync(
  startTasklane: () => Promise<TasklaneCluster>,
  startPeer: () => Promise<PeerServer>,
  counts: number[],
  batchSize: number,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const count of counts) {
    const tasklane = await startTasklane();
    const peer = await startPeer();
    try {
      const url = tasklane.instances[0]!.url;
      const user = await seedUserWithTasks(url, count, SEED_BATCH);
      await seedPeer(peer, count);
      const oursRaw = await tasklaneRawPull(url, user.accessToken, count);
      const theirsRaw = await peerRawPull(peer, count);
      rows.push({
        scenario: `raw pull of ${count.toLocaleString('en-US')} tasks from null`,
        tasklane: `${oursRaw.toFixed(2)} s (${formatRate(count / oursRaw)})`,
        peer: `${theirsRaw.toFixed(2)} s (${formatRate(count / theirsRaw)})`,
        ratio: theirsRaw / oursRaw,
        detail: 'protocol only (pull / masterChangesSince), pages of 1,000, no client database',
      });
      const ours = await tasklaneInitialSync(url, user, count);
      const theirs = await peerInitialSync(peer, count, batchSize);
      rows.push({
        scenario: `initial sync of ${count.toLocaleString('en-US')} tasks`,
        tasklane: `${ours.toFixed(2)} s (${formatRate(count / ours)})`,
        peer: `${theirs.toFixed(2)} s (${formatRate(count / theirs)})`,
        ratio: theirs / ours,
        detail: `real client replication code, RxDB storage-memory, pull batches of ${batchSize}`,
      });
    } finally {
      await tasklane.stop();
      await peer.stop();
    }
  }
  return rows;
}
