import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import { freePort } from '@tasklane/testkit/free-port';
import { redisAvailable, REDIS_SERVER_BIN, startRedis, type RedisProcess } from '@tasklane/testkit/redis-process';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { connectSocket, waitFor, type TestSocket } from '@tasklane/testkit/sync-socket';
import { makeTempDir } from '@tasklane/testkit/temp-dir';

/** The propagation bound of the issue: a change reaches every instance's sockets within a second. */
const PROPAGATION_MS = 1000;

function hasDocument(socket: TestSocket, id: string, collection: 'tasks' | 'lists' = 'tasks'): boolean {
  return socket.allChanges.some((event) => event.collection === collection && event.documents.some((document) => document.id === id));
}

async function stopHard(server: ServerProcess): Promise<void> {
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 5000);
  await server.stop();
  clearTimeout(timer);
}

type Readiness = { status: number; state: string; failed: string[]; degraded: string[] };

async function readiness(server: ServerProcess): Promise<Readiness> {
  const response = await api(server.url, 'GET', '/ready');
  return {
    status: response.status,
    state: response.body?.status,
    failed: response.body?.failed ?? [],
    degraded: response.body?.degraded ?? [],
  };
}

/** Waits until `/ready` reports `state` (`ready`, `degraded`, `not_ready`). */
async function waitForReadiness(server: ServerProcess, state: string, timeoutMs = 10_000): Promise<Readiness> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await readiness(server);
    if (result.state === state) return result;
    if (Date.now() > deadline) throw new Error(`${server.url}/ready stayed ${result.status} ${result.state} (${result.failed.join(', ')})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function redisUp(server: ServerProcess): Promise<string | undefined> {
  const metrics = await (await fetch(`${server.metricsUrl}/metrics`)).text();
  return /^tasklane_dependency_up\{dependency="redis"\} (\d+)$/m.exec(metrics)?.[1];
}

/**
 * Three sync-server processes sharing one store, fanned out through a real
 * redis-server on a free port (docs/protocol.md [CH1], [CH4]).
 */
describe('Redis fan-out across three server processes', () => {
  const temp = makeTempDir('redis-fan-out');
  const servers: ServerProcess[] = [];
  const sockets: TestSocket[] = [];
  let redis: RedisProcess | undefined;
  let user: RegisteredUser;

  beforeAll(async () => {
    if (!redisAvailable()) {
      throw new Error(`${REDIS_SERVER_BIN} is not installed: apt-get install -y redis-server (scripts/test-all.sh does)`);
    }
    redis = await startRedis(await freePort());
    for (let i = 0; i < 3; i += 1) servers.push(await startServerProcess({ DATA_DIR: temp.dir, REDIS_URL: redis.url }));
    for (const server of servers) await waitForReadiness(server, 'ready');
    user = await registerUser(servers[0]!.url);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.allSettled(servers.map(stopHard));
    await redis?.kill();
    temp.remove();
  });

  async function socketOn(server: ServerProcess): Promise<TestSocket> {
    const socket = await connectSocket(server.url, user.accessToken);
    sockets.push(socket);
    return socket;
  }

  it('[CH1] [CO2] a push of tasks, or of lists, through instance A reaches sockets on B and C within 1 second', async () => {
    const [a, b, c] = servers as [ServerProcess, ServerProcess, ServerProcess];
    const writer = await socketOn(a);
    const onB = await socketOn(b);
    const onC = await socketOn(c);
    const task = makeTask({ title: 'fanned out' });

    const pushed = writer.push({ rows: [{ newDocumentState: task }] });
    await waitFor(() => hasDocument(onB, task.id) && hasDocument(onC, task.id), PROPAGATION_MS, 'changes on B and C');
    expect(await pushed).toEqual({ ok: true, data: { conflicts: [] } });
    const event = onC.changes.find((candidate) => candidate.documents.some((document) => document.id === task.id))!;
    expect(event.documents[0]).toMatchObject({ id: task.id, title: 'fanned out', seq: expect.any(Number) });

    const list = makeList({ name: 'fanned out' });
    const pushedList = writer.pushLists({ rows: [{ newDocumentState: list }] });
    await waitFor(
      () => hasDocument(onB, list.id, 'lists') && hasDocument(onC, list.id, 'lists'),
      PROPAGATION_MS,
      'lists changes on B and C',
    );
    expect(await pushedList).toEqual({ ok: true, data: { conflicts: [] } });
  });

  it('[CH4] [O9] [O10] a Redis outage loses no write: local sockets keep getting changes, /ready stays 200 and reports redis degraded, others converge when it returns', async () => {
    const [a, b, c] = servers as [ServerProcess, ServerProcess, ServerProcess];
    const writer = await socketOn(a);
    const sameInstance = await socketOn(a);
    const onB = await socketOn(b);
    const onC = await socketOn(c);

    expect(await redisUp(a)).toBe('1');
    await redis!.kill();
    const down = await waitForReadiness(a, 'degraded');
    expect(down).toEqual({ status: 200, state: 'degraded', failed: [], degraded: ['redis'] });
    expect(await redisUp(a)).toBe('0');

    const duringOutage = makeTask({ title: 'written while redis is down' });
    const ack = await writer.push({ rows: [{ newDocumentState: duringOutage }] });
    expect(ack).toEqual({ ok: true, data: { conflicts: [] } });
    await waitFor(() => hasDocument(sameInstance, duringOutage.id), PROPAGATION_MS, 'changes on the writer instance');

    // Not lost: any instance serves it from the store by checkpoint.
    const puller = await socketOn(c);
    const pulled = await puller.pull({ checkpoint: null, limit: 1000 });
    if (!pulled.ok) throw new Error(pulled.error.message);
    expect(pulled.data.documents.map((document) => document.id)).toContain(duringOutage.id);
    for (const server of servers) expect(server.child.exitCode).toBeNull();

    await redis!.restart();
    for (const server of servers) await waitForReadiness(server, 'ready');
    expect(await redisUp(a)).toBe('1');

    const afterOutage = makeTask({ title: 'written after redis returned' });
    const pushed = writer.push({ rows: [{ newDocumentState: afterOutage }] });
    await waitFor(
      () => hasDocument(onB, afterOutage.id) && hasDocument(onC, afterOutage.id),
      PROPAGATION_MS,
      'changes on B and C after the outage',
    );
    expect(await pushed).toEqual({ ok: true, data: { conflicts: [] } });
  });
});
