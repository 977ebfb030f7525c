import { spawnSync } from 'node:child_process';
import { registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { freePort } from '@tasklane/testkit/free-port';
import { redisAvailable, REDIS_SERVER_BIN, startRedis, type RedisProcess } from '@tasklane/testkit/redis-process';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { connectSocket, waitFor, type TestSocket } from '@tasklane/testkit/sync-socket';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { makeTempDir } from '@tasklane/testkit/temp-dir';

function hasDocument(socket: TestSocket, id: string): boolean {
  return socket.changes.some((event) => event.documents.some((document) => document.id === id));
}

/** `redis-cli PUBSUB <subcommand>` on the test's Redis: the channels with subscribers. */
function pubsub(redis: RedisProcess, subcommand: 'CHANNELS' | 'SHARDCHANNELS'): string[] {
  const result = spawnSync('redis-cli', ['-p', String(redis.port), 'PUBSUB', subcommand], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`redis-cli failed: ${result.stderr}`);
  return result.stdout.split('\n').filter(Boolean);
}

async function redisUp(server: ServerProcess): Promise<string | undefined> {
  const metrics = await (await fetch(`${server.metricsUrl}/metrics`)).text();
  return /^tasklane_dependency_up\{dependency="redis"\} (\d+)$/m.exec(metrics)?.[1];
}

/** REDIS_SHARDED=true on one standalone Redis 7 (what is supported; Redis Cluster is not): docs/operations.md [O11]. */
describe('REDIS_SHARDED=true: sharded Pub/Sub on a standalone Redis 7', () => {
  const temp = makeTempDir('redis-sharded');
  const servers: ServerProcess[] = [];
  const sockets: TestSocket[] = [];
  let redis: RedisProcess | undefined;
  let user: RegisteredUser;

  beforeAll(async () => {
    if (!redisAvailable())
      throw new Error(`${REDIS_SERVER_BIN} is not installed: apt-get install -y redis-server (scripts/test-all.sh does)`);
    redis = await startRedis(await freePort());
    for (let i = 0; i < 2; i += 1) {
      servers.push(await startServerProcess({ DATA_DIR: temp.dir, REDIS_URL: redis.url, REDIS_SHARDED: 'true' }));
    }
    for (const server of servers) await waitFor(async () => (await redisUp(server)) === '1', 10_000, 'redis connected');
    user = await registerUser(servers[0]!.url);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.allSettled(servers.map((server) => server.stop()));
    await redis?.kill();
    temp.remove();
  });

  async function socketOn(server: ServerProcess): Promise<TestSocket> {
    const socket = await connectSocket(server.url, user.accessToken);
    sockets.push(socket);
    return socket;
  }

  it('[O11] a push on instance A reaches a socket on instance B through SPUBLISH/SSUBSCRIBE, before and after a Redis outage', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const writer = await socketOn(a);
    const reader = await socketOn(b);
    expect(pubsub(redis!, 'SHARDCHANNELS').some((channel) => channel.startsWith('socket.io#'))).toBe(true);
    expect(pubsub(redis!, 'CHANNELS').filter((channel) => channel.startsWith('socket.io#'))).toEqual([]);

    const before = makeTask({ title: 'sharded fan-out' });
    expect(await writer.push({ rows: [{ newDocumentState: before }] })).toEqual({ ok: true, data: { conflicts: [] } });
    await waitFor(() => hasDocument(reader, before.id), 5000, 'the change on instance B');

    await redis!.kill();
    await waitFor(async () => (await redisUp(a)) === '0', 10_000, 'redis reported down');
    await redis!.restart();
    for (const server of servers) await waitFor(async () => (await redisUp(server)) === '1', 10_000, 'redis reconnected');
    // ioredis subscribes its shard channels again on reconnect.
    await waitFor(() => pubsub(redis!, 'SHARDCHANNELS').some((channel) => channel.startsWith('socket.io#')), 5000, 'shard channels again');

    const after = makeTask({ title: 'sharded fan-out after the outage' });
    expect(await writer.push({ rows: [{ newDocumentState: after }] })).toEqual({ ok: true, data: { conflicts: [] } });
    await waitFor(() => hasDocument(reader, after.id), 5000, 'the change on instance B after the outage');
  });
});
