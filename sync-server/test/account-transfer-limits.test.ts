import http from 'node:http';
import type { AddressInfo } from 'node:net';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import compression from 'compression';
import express from 'express';
import type { Task } from '@tasklane/shared/domain/task';
import type { ExportDocument, ExportedTask } from '@tasklane/shared/export/export-document';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createCapturingLogger } from '@tasklane/testkit/test-logger';
import { createErrorHandler } from '../src/http/error-handler';
import { createExportRoutes, type ExportRouteOptions } from '../src/http/export-routes';
import { requestLogger } from '../src/http/request-logger';
import { createEmbeddedStore } from '../src/store/sqlite/embedded-store';
import type { Store } from '../src/store/store';
import { liveTasksOf } from '../src/sync/account-export';
import { createAccountTransfer, type AccountTransfer } from '../src/sync/account-transfer';
import { createSyncService } from '../src/sync/sync-service';

type Held = { reached: Promise<void>; release(): void };

/**
 * A real store whose calls are counted per user, and whose next `method` call for a user can be held until released:
 * a slow disk on demand, to catch an export or import while it is under way.
 */
function holdableStore(real: Store) {
  const calls = new Map<string, number>();
  const holds = new Map<string, { arrive(): void; gate: Promise<void> }[]>();
  const key = (method: string, userId: string) => `${method} ${userId}`;
  const store = new Proxy(real, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || (property !== 'pullChanges' && property !== 'applyPush')) return value;
      return async (userId: string, ...rest: unknown[]): Promise<unknown> => {
        const name = key(property, userId);
        calls.set(name, (calls.get(name) ?? 0) + 1);
        const hold = holds.get(name)?.shift();
        if (hold) {
          hold.arrive();
          await hold.gate;
        }
        return Reflect.apply(value as (...args: unknown[]) => unknown, target, [userId, ...rest]);
      };
    },
  });
  return {
    store,
    calls: (method: 'pullChanges' | 'applyPush', userId: string) => calls.get(key(method, userId)) ?? 0,
    /** Holds the `method` call of `userId` that comes after `skip` more such calls. */
    hold(method: 'pullChanges' | 'applyPush', userId: string, skip = 0): Held {
      let arrive!: () => void;
      let release!: () => void;
      const reached = new Promise<void>((resolve) => (arrive = resolve));
      const gate = new Promise<void>((resolve) => (release = resolve));
      const queue = holds.get(key(method, userId)) ?? [];
      for (let index = 0; index < skip; index += 1) queue.push({ arrive: () => undefined, gate: Promise.resolve() });
      queue.push({ arrive, gate });
      holds.set(key(method, userId), queue);
      return { reached, release };
    },
  };
}

/** Tasks with long descriptions: `count` of them make about `count` × 3 KB of JSON. */
const bulkyTasks = (count: number): Task[] =>
  Array.from({ length: count }, (_, index) => makeTask({ title: `Bulky ${index}`, description: `words ${index} `.repeat(300) }));

async function insertAll(store: Store, userId: string, tasks: Task[]): Promise<void> {
  for (let start = 0; start < tasks.length; start += 500) {
    await store.applyPush(
      userId,
      tasks.slice(start, start + 500).map((task) => ({ newDocumentState: task })),
    );
  }
}

const exportUrl = (server: { url: string }, query = '') => `${server.url}/api/export${query}`;
const bearer = (user: RegisteredUser) => ({ authorization: `Bearer ${user.accessToken}` });
const abortedRequests = (lines: string[]) => lines.filter((line) => line.includes('request aborted')).length;

/**
 * The export route alone, as create-app mounts it (compression before it, the error handler after), over a real
 * store and sync service: only sign-in is left out, so a test can watch the export's generator settle.
 */
async function startExportApp(
  store: Store,
  options: ExportRouteOptions & { pageSize?: number; tasks?: () => AsyncGenerator<ExportedTask> },
) {
  const { logger, lines } = createCapturingLogger();
  const sync = createSyncService({ store, notifier: { publish: () => undefined } });
  const real = createAccountTransfer({ sync });
  let settled = 0;
  async function* watched(source: AsyncGenerator<ExportedTask>): AsyncGenerator<ExportedTask> {
    try {
      yield* source;
    } finally {
      settled += 1;
    }
  }
  const transfer: AccountTransfer = {
    ...real,
    exportTasks: (userId) => watched(options.tasks ? options.tasks() : liveTasksOf(sync, userId, options.pageSize)),
  };
  const app = express();
  app.use(requestLogger(logger));
  app.use(compression());
  app.use('/api/export', (_req, res, next) => {
    res.locals.userId = 'user-1';
    next();
  });
  app.use('/api/export', createExportRoutes(transfer, options));
  app.use(createErrorHandler());
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    lines,
    settled: () => settled,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('[EX10] an export ends, and stops reading the store, however its client goes', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let real: Store;
  let held: ReturnType<typeof holdableStore>;

  beforeEach(async () => {
    temp = makeTempDir('export-stream');
    real = createEmbeddedStore({ dataDir: temp.dir });
    held = holdableStore(real);
    await insertAll(real, 'user-1', bulkyTasks(1000));
  });
  afterEach(async () => {
    await real.close();
    temp.remove();
  });

  it('[EX10] a client that leaves while the first page is read: the export settles after that page and reads no other', async () => {
    const app = await startExportApp(held.store, {});
    try {
      const firstPage = held.hold('pullChanges', 'user-1');
      const aborter = new AbortController();
      const request = fetch(exportUrl(app), { signal: aborter.signal });
      await firstPage.reached;
      aborter.abort();
      await expect(request).rejects.toThrow();
      await waitFor(() => abortedRequests(app.lines) === 1, 5000, 'the server to see the client leave');
      firstPage.release();
      await waitFor(() => app.settled() === 1, 5000, "the export's generator to be closed");
      expect(held.calls('pullChanges', 'user-1')).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('[EX10] a client that leaves mid-export: the export settles after the page in flight, far from the end of the account', async () => {
    const app = await startExportApp(held.store, { pageSize: 100 });
    try {
      const thirdPage = held.hold('pullChanges', 'user-1', 2);
      const aborter = new AbortController();
      // Identity: gzip would hold back these repetitive pages until far more had been read.
      const response = await fetch(exportUrl(app), { signal: aborter.signal, headers: { 'accept-encoding': 'identity' } });
      expect(response.status).toBe(200);
      expect((await response.body!.getReader().read()).done).toBe(false);
      aborter.abort();
      await waitFor(() => abortedRequests(app.lines) === 1, 5000, 'the server to see the client leave');
      thirdPage.release();
      await waitFor(() => app.settled() === 1, 5000, "the export's generator to be closed");
      expect(held.calls('pullChanges', 'user-1')).toBeLessThanOrEqual(3); // of the 11 a whole export reads
    } finally {
      await app.close();
    }
  });

  it('[EX10] a client that reads nothing is cut off once it has taken nothing for the stall time, and the export settles', async () => {
    async function* endless(): AsyncGenerator<ExportedTask> {
      for (let seq = 1; ; seq += 1) {
        await Promise.resolve(); // as a store would
        yield { ...makeTask({ description: `never read ${seq} `.repeat(500) }), _deleted: false, seq };
      }
    }
    const app = await startExportApp(held.store, { stallMs: 300, tasks: endless });
    try {
      const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
        http.get(exportUrl(app), { headers: { 'accept-encoding': 'identity' } }, resolve).on('error', reject);
      });
      response.pause(); // reads nothing, until the export has ended
      expect(response.statusCode).toBe(200);
      await waitFor(() => app.settled() === 1, 5000, "the export's generator to be closed");
      // The connection was reset: reading on, the client gets what was buffered and then an error, never a clean end.
      const ending = new Promise<string>((resolve) => {
        response.on('error', (error: NodeJS.ErrnoException) => resolve(`error ${error.code}`));
        response.on('end', () => resolve('a clean end'));
      });
      response.resume();
      expect(await ending).toBe('error ECONNRESET');
      expect(app.lines.join('\n')).toContain('the client read nothing for too long');
    } finally {
      await app.close();
    }
  });
});

describe('export and import limits over the real server', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let held: ReturnType<typeof holdableStore>;
  let server: TestServer;
  let alice: RegisteredUser;
  let bob: RegisteredUser;

  beforeAll(async () => {
    temp = makeTempDir('transfer-limits');
    held = holdableStore(createEmbeddedStore({ dataDir: temp.dir }));
    server = await startTestServer({ store: held.store, http: { allowedOrigins: ['https://app.example.com'] } });
    alice = await registerUser(server.url);
    bob = await registerUser(server.url);
    await insertAll(server.store, alice.id, bulkyTasks(1200));
    await insertAll(server.store, bob.id, bulkyTasks(3));
  });
  afterAll(async () => {
    await server.close();
    temp.remove();
  });

  it('[EX9] at most two exports per user at a time: a third is 429 RATE_LIMITED with Retry-After; other users and later exports are served', async () => {
    const first = held.hold('pullChanges', alice.id);
    const second = held.hold('pullChanges', alice.id);
    const running = [fetch(exportUrl(server), { headers: bearer(alice) }), fetch(exportUrl(server), { headers: bearer(alice) })];
    await Promise.all([first.reached, second.reached]);

    const refused = await api(server.url, 'GET', '/api/export', { token: alice.accessToken });
    expect(refused).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED', retryable: true, retryAfterMs: 5000 } } });
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.body.error.message).toMatch(/already has 2 exports under way/);
    expect((await api(server.url, 'GET', '/api/export', { token: bob.accessToken })).status).toBe(200);

    first.release();
    second.release();
    for (const response of await Promise.all(running)) {
      expect(response.status).toBe(200);
      expect(((await response.json()) as ExportDocument).tasks).toHaveLength(1200);
    }
    const later = await fetch(exportUrl(server), { headers: bearer(alice) });
    expect(later.status).toBe(200);
    await later.arrayBuffer(); // an unread export holds its slot until the stall time has passed
  });

  it('[EX9] [EX10] exports whose clients left during the first page give their slots back', async () => {
    const holds = [held.hold('pullChanges', alice.id), held.hold('pullChanges', alice.id)];
    const aborter = new AbortController();
    const abortedBefore = abortedRequests(server.logLines);
    const requests = [0, 1].map(() => fetch(exportUrl(server), { headers: bearer(alice), signal: aborter.signal }).catch(() => 'aborted'));
    await Promise.all(holds.map((hold) => hold.reached));
    aborter.abort();
    expect(await Promise.all(requests)).toEqual(['aborted', 'aborted']);
    await waitFor(() => abortedRequests(server.logLines) === abortedBefore + 2, 5000, 'the server to see both clients leave');
    for (const hold of holds) hold.release();
    // Each slot comes back once its export has settled, which is just after its page arrives.
    const served = async () => {
      const response = await fetch(exportUrl(server, '?format=csv'), { headers: bearer(alice) });
      await response.arrayBuffer();
      return response.status === 200;
    };
    await waitFor(served, 5000, 'a slot');
    const both = await Promise.all([0, 1].map(() => fetch(exportUrl(server), { headers: bearer(alice) })));
    expect(both.map((response) => response.status)).toEqual([200, 200]);
    await Promise.all(both.map((response) => response.arrayBuffer()));
  });

  it('[EX9] one import per user at a time: a second is 429 RATE_LIMITED with Retry-After and writes nothing; other users are served', async () => {
    const envelope = { format: 'tasklane-export', version: 2, exportedAt: new Date().toISOString(), lists: [] };
    const firstFile = { ...envelope, tasks: bulkyTasks(2) };
    const secondFile = { ...envelope, tasks: bulkyTasks(2) };
    const write = held.hold('applyPush', alice.id);
    const first = api(server.url, 'POST', '/api/import', { token: alice.accessToken, body: firstFile });
    await write.reached;
    const refused = await api(server.url, 'POST', '/api/import', { token: alice.accessToken, body: secondFile });
    expect(refused).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED', retryAfterMs: 5000 } } });
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await server.store.getTask(alice.id, secondFile.tasks[0]!.id)).toBeNull();
    const bobsImport = await api(server.url, 'POST', '/api/import', {
      token: bob.accessToken,
      body: { ...envelope, tasks: bulkyTasks(1) },
    });
    expect(bobsImport.body).toEqual({ created: 1, updated: 0, unchanged: 0 });

    write.release();
    expect((await first).body).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect((await api(server.url, 'POST', '/api/import', { token: alice.accessToken, body: secondFile })).body).toEqual({
      created: 2,
      updated: 0,
      unchanged: 0,
    });
  });

  it('[EX10] a large gzip export emits no MaxListenersExceededWarning (one drain listener, not one per full buffer)', async () => {
    // Warnings go to the real process object; jest hands tests a copy of it.
    const realProcess = vm.runInThisContext('process') as NodeJS.Process;
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    realProcess.on('warning', onWarning);
    try {
      const response = await fetch(exportUrl(server), { headers: { ...bearer(alice), 'accept-encoding': 'gzip' } });
      expect(response.headers.get('content-encoding')).toBe('gzip');
      const text = await response.text();
      expect(text.length).toBeGreaterThan(3 * 1024 * 1024); // some 50 full gzip buffers
      expect((JSON.parse(text) as ExportDocument).tasks.length).toBeGreaterThanOrEqual(1200);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    } finally {
      realProcess.off('warning', onWarning);
    }
    expect(warnings.filter((warning) => warning.startsWith('MaxListenersExceededWarning'))).toEqual([]);
  });

  it('[EX12] HEAD /api/export answers the download headers and reads nothing of the account', async () => {
    const before = held.calls('pullChanges', alice.id);
    const json = await fetch(exportUrl(server), { method: 'HEAD', headers: bearer(alice) });
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(json.headers.get('content-disposition')).toMatch(/^attachment; filename=tasklane-export-\d{4}-\d{2}-\d{2}\.json$/);
    expect(json.headers.get('cache-control')).toBe('no-store');
    const csv = await fetch(exportUrl(server, '?format=csv'), { method: 'HEAD', headers: bearer(alice) });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect((await fetch(exportUrl(server, '?format=xml'), { method: 'HEAD', headers: bearer(alice) })).status).toBe(400);
    expect((await fetch(exportUrl(server), { method: 'HEAD' })).status).toBe(401);
    expect(held.calls('pullChanges', alice.id)).toBe(before);
  });

  it('[EX13] CORS: a listed origin may read Content-Disposition of an export and send an import with Content-Encoding', async () => {
    const origin = 'https://app.example.com';
    const preflight = await fetch(`${server.url}/api/import`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,content-encoding',
      },
    });
    expect(preflight.status).toBe(204);
    const allowed = (preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'content-encoding']));

    const exported = await fetch(exportUrl(server), { headers: { ...bearer(bob), origin } });
    expect(exported.headers.get('access-control-allow-origin')).toBe(origin);
    const exposed = (exported.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/,\s*/);
    expect(exposed).toContain('content-disposition');
    const file = (await exported.json()) as ExportDocument;

    const carol = await registerUser(server.url);
    const imported = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { ...bearer(carol), origin, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify(file)),
    });
    expect(await imported.json()).toEqual({ created: file.tasks.length, updated: 0, unchanged: 0 });
  });
});
