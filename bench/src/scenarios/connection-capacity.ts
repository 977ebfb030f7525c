import { processRss } from '../process-rss';
import { connectPeer, type PeerServer, type PeerSocket } from '../peer-driver';
import type { BenchRow } from '../result-table';
import { connectMany, registerUsers, type TasklaneCluster } from '../tasklane-driver';
import type { TestSocket } from '@tasklane/testkit/sync-socket';

const SETTLE_MS = 3000;
const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

type Level = { connections: number; rssBytes: number; perConnectionKb: number };

/**
 * Memory per connection as the slope from the previous level (the first level
 * from the idle baseline): garbage collection makes a single reading noisy, and
 * the slope is what capacity planning needs.
 */
function levelOf(connections: number, rssBytes: number, previous: { connections: number; rssBytes: number }): Level {
  return { connections, rssBytes, perConnectionKb: (rssBytes - previous.rssBytes) / (connections - previous.connections) / 1024 };
}

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
    ours.push(levelOf(level, processRss(instance.child.pid!), ours[ours.length - 1] ?? { connections: 0, rssBytes: tasklaneBase }));
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
    theirs.push(levelOf(level, processRss(peer.pid), theirs[theirs.length - 1] ?? { connections: 0, rssBytes: peerBase }));
  }
  for (const socket of peerSockets) socket.close();

  return levels.map((level, index) => ({
    scenario: `${level.toLocaleString('en-US')} idle connections (KB each, marginal)`,
    tasklane: `${ours[index]!.perConnectionKb.toFixed(1)} KB/conn (RSS ${(ours[index]!.rssBytes / 2 ** 20).toFixed(0)} MB)`,
    peer: `${theirs[index]!.perConnectionKb.toFixed(1)} KB/conn (RSS ${(theirs[index]!.rssBytes / 2 ** 20).toFixed(0)} MB)`,
    ratio: theirs[index]!.perConnectionKb / ours[index]!.perConnectionKb,
    detail:
      index === levels.length - 1
        ? `${connectedAtTop} of ${level} Tasklane sockets still connected at the top level; authenticated (JWT) vs unauthenticated`
        : 'authenticated socket.io (JWT, per-user room) vs raw ws subscribed to the change stream',
  }));
}
