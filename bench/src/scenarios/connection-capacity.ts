import { processRss } from '../process-rss';
import { connectPeer, type PeerServer, type PeerSocket } from '../peer-driver';
import type { BenchRow } from '../result-table';
import { connectMany, registerUsers, type TasklaneCluster } from '../tasklane-driver';
import type { TestSocket } from '../../../sync-server/test/support/sync-socket';

const SETTLE_MS = 3000;
const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

type Level = { connections: number; rssBytes: number; perConnectionKb: number };

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
    const rss = processRss(instance.child.pid!);
    ours.push({ connections: level, rssBytes: rss, perConnectionKb: (rss - tasklaneBase) / level / 1024 });
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
    const rss = processRss(peer.pid);
    theirs.push({ connections: level, rssBytes: rss, perConnectionKb: (rss - peerBase) / level / 1024 });
  }
  for (const socket of peerSockets) socket.close();

  return levels.map((level, index) => ({
    scenario: `${level.toLocaleString('en-US')} idle connections`,
    tasklane: `${ours[index]!.perConnectionKb.toFixed(1)} KB/conn (RSS ${(ours[index]!.rssBytes / 2 ** 20).toFixed(0)} MB)`,
    peer: `${theirs[index]!.perConnectionKb.toFixed(1)} KB/conn (RSS ${(theirs[index]!.rssBytes / 2 ** 20).toFixed(0)} MB)`,
    ratio: theirs[index]!.perConnectionKb / ours[index]!.perConnectionKb,
    detail:
      index === levels.length - 1
        ? `${connectedAtTop} of ${level} Tasklane sockets still connected at the top level; authenticated (JWT) vs unauthenticated`
        : 'authenticated socket.io (JWT, per-user room) vs raw ws subscribed to the change stream',
  }));
}
