import { processRss } from '../process-rss';
import { connectPeer, type PeerServer, type PeerSocket } from '../peer-driver';
import { atMost, type BenchRow } from '../result-table';
import { connectMany, registerUsers, type TasklaneCluster } from '../tasklane-driver';
import type { TestSocket } from '@tasklane/testkit/sync-socket';

const SETTLE_MS = 3000;
const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

/** `perConnectionKb`: marginal, the slope from the previous level; `averageKb`: all growth since the idle baseline, per socket. */
type Level = { connections: number; rssBytes: number; perConnectionKb: number; averageKb: number };

/** The target: marginal memory per idle socket at the top level. */
const TARGET_MARGINAL_KB = 15;

/**
 * Memory per connection as the slope from the previous level (the first level
 * from the idle baseline): garbage collection makes a single reading noisy, and
 * the slope is what capacity planning needs.
 */
function levelOf(connections: number, rssBytes: number, previous: { connections: number; rssBytes: number }, baseBytes: number): Level {
  return {
    connections,
    rssBytes,
    perConnectionKb: (rssBytes - previous.rssBytes) / (connections - previous.connections) / 1024,
    averageKb: (rssBytes - baseBytes) / connections / 1024,
  };
}

const kb = (level: Level) =>
  `${level.perConnectionKb.toFixed(1)} KB marginal, ${level.averageKb.toFixed(1)} KB average (RSS ${(level.rssBytes / 2 ** 20).toFixed(0)} MB)`;

/** Scenario 4: idle sockets held by one instance; server RSS per connection at each level. */
export async function connectionCapacity(tasklane: TasklaneCluster, peer: PeerServer, levels: number[]): Promise<BenchRow[]> {
  const instance = tasklane.instances[0]!;
  const users = await registerUsers(instance.url, 50);
  const ours: Level[] = [];
  const theirs: Level[] = [];

  const tasklaneSockets: TestSocket[] = [];
  await settle();
  const tasklaneBase = processRss(instance.child.pid!);
  for (const level of levels) {
    const tokens = Array.from({ length: level - tasklaneSockets.length }, (_, i) => users[i % users.length]!.accessToken);
    tasklaneSockets.push(...(await connectMany(instance.url, tokens, 200)));
    await settle();
    const previous = ours[ours.length - 1] ?? { connections: 0, rssBytes: tasklaneBase };
    ours.push(levelOf(level, processRss(instance.child.pid!), previous, tasklaneBase));
  }
  const connectedAtTop = tasklaneSockets.filter((socket) => socket.socket.connected).length;
  for (const socket of tasklaneSockets) socket.close();

  const peerSockets: PeerSocket[] = [];
  await settle();
  const peerBase = processRss(peer.pid);
  for (const level of levels) {
    while (peerSockets.length < level) {
      const batch = await Promise.all(Array.from({ length: Math.min(200, level - peerSockets.length) }, () => connectPeer(peer.url)));
      for (const socket of batch) socket.subscribeStream(() => undefined);
      peerSockets.push(...batch);
    }
    await settle();
    theirs.push(levelOf(level, processRss(peer.pid), theirs[theirs.length - 1] ?? { connections: 0, rssBytes: peerBase }, peerBase));
  }
  for (const socket of peerSockets) socket.close();

  const top = levels.length - 1;
  const rows: BenchRow[] = levels.map((level, index) => ({
    scenario: `idle connections: ${level.toLocaleString('en-US')} sockets, memory per socket`,
    tasklane: kb(ours[index]!),
    peer: kb(theirs[index]!),
    ratio: theirs[index]!.perConnectionKb / ours[index]!.perConnectionKb,
    ...(index === top ? atMost(ours[index]!.perConnectionKb, TARGET_MARGINAL_KB, `≤ ${TARGET_MARGINAL_KB} KB marginal`) : {}),
    detail:
      index === top
        ? `${connectedAtTop} of ${level} Tasklane sockets still connected; ratio on marginal (peer ÷ Tasklane); marginal = slope from the previous level`
        : 'authenticated socket.io (JWT, per-user room) vs raw ws subscribed to the change stream; ratio on marginal',
  }));
  rows.push({
    scenario: `idle connections: ${levels[top]!.toLocaleString('en-US')} sockets, average per socket`,
    tasklane: `${ours[top]!.averageKb.toFixed(1)} KB`,
    peer: `${theirs[top]!.averageKb.toFixed(1)} KB`,
    ratio: theirs[top]!.averageKb / ours[top]!.averageKb,
    detail: 'all RSS growth since the idle baseline, per socket (peer ÷ Tasklane)',
  });
  return rows;
}
