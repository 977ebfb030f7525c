import { api, registerUser } from '@tasklane/testkit/api-client';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket } from '@tasklane/testkit/sync-socket';
import { ConfigError, parseConfig } from '../src/config';

function sample(metrics: string, pattern: RegExp): number {
  const line = metrics.split('\n').find((candidate) => pattern.test(candidate));
  if (!line) throw new Error(`no metric line matches ${pattern}`);
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** The `label` values of every sample of `metric` in a scrape. */
function labelValues(metrics: string, metric: string, label: string): Set<string> {
  const pattern = new RegExp(`^${metric}\\{.*\\b${label}="([^"]*)"`);
  return new Set(metrics.split('\n').flatMap((line) => pattern.exec(line)?.[1] ?? []));
}

/** Metrics live on METRICS_PORT ([O8]), never on the app's port. */
async function scrape(server: TestServer): Promise<string> {
  return (await fetch(`${server.metricsUrl}/metrics`)).text();
}

describe('/metrics (Prometheus)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('[MT1] [CO4] exposes HTTP, socket, sync (per collection), conflict, store and process metrics with sane values after traffic', async () => {
    const user = await registerUser(server.url);
    await api(server.url, 'POST', '/api/tasks', { token: user.accessToken, body: { title: 'counted' } });
    const socket = await connectSocket(server.url, user.accessToken);
    const task = makeTask();
    await socket.push({ rows: [{ newDocumentState: task }] });
    await socket.push({ rows: [{ newDocumentState: { ...task, title: 'blind overwrite' } }] });
    await socket.pull({ checkpoint: null, limit: 100 });
    await socket.pushLists({ rows: [{ newDocumentState: makeList() }, { newDocumentState: makeList() }] });
    await socket.pullLists({ checkpoint: null, limit: 100 });
    await socket.pullLists({ checkpoint: null, limit: 0 });
    // [RJ9] a push whose only row is invalid reaches no store, but its refusal is counted
    await socket.push({ rows: [{ newDocumentState: { ...makeTask(), tags: ['a', 'a'] } }] });

    const response = await fetch(`${server.metricsUrl}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const metrics = await response.text();
    socket.close();

    expect(sample(metrics, /^http_request_duration_seconds_count\{.*route="\/api\/tasks".*method="POST".*status="201"/)).toBe(1);
    expect(sample(metrics, /^http_request_duration_seconds_count\{.*route="\/api\/auth\/register".*status="201"/)).toBe(1);
    expect(sample(metrics, /^sync_connected_sockets /)).toBe(1);
    expect(sample(metrics, /^sync_operations_total\{operation="push",collection="tasks",outcome="ok"\}/)).toBe(3);
    expect(sample(metrics, /^sync_operations_total\{operation="pull",collection="tasks",outcome="ok"\}/)).toBe(1);
    expect(sample(metrics, /^sync_documents_total\{kind="conflict",collection="tasks"\}/)).toBe(1);
    expect(sample(metrics, /^sync_documents_total\{kind="written",collection="tasks"\}/)).toBe(2);
    expect(sample(metrics, /^sync_documents_total\{kind="pulled",collection="tasks"\}/)).toBe(2);
    expect(sample(metrics, /^sync_operation_duration_seconds_count\{operation="push",collection="tasks"\}/)).toBe(3);
    expect(sample(metrics, /^sync_documents_total\{kind="refused",collection="tasks"\}/)).toBe(1);
    // [CO4] lists are counted apart; a refused message never reaches the sync service, so it is not an operation.
    expect(sample(metrics, /^sync_operations_total\{operation="push",collection="lists",outcome="ok"\}/)).toBe(1);
    expect(sample(metrics, /^sync_operations_total\{operation="pull",collection="lists",outcome="ok"\}/)).toBe(1);
    expect(sample(metrics, /^sync_documents_total\{kind="written",collection="lists"\}/)).toBe(2);
    expect(sample(metrics, /^sync_documents_total\{kind="pulled",collection="lists"\}/)).toBe(2);
    expect(sample(metrics, /^sync_operation_duration_seconds_count\{operation="pull",collection="lists"\}/)).toBe(1);
    expect(sample(metrics, /^store_operation_duration_seconds_count\{operation="applyPush",outcome="ok"\}/)).toBe(3);
    expect(sample(metrics, /^process_cpu_seconds_total /)).toBeGreaterThan(0);
    expect(sample(metrics, /^nodejs_heap_size_used_bytes /)).toBeGreaterThan(1_000_000);
  });

  it('[MT1] http_request_duration_seconds labels error responses with the full route pattern, as it does successes', async () => {
    const other = await startTestServer();
    try {
      const user = await registerUser(other.url);
      const token = user.accessToken;
      const task = makeTask();
      const calls: [method: string, path: string, options: Parameters<typeof api>[3], status: number, route: string][] = [
        ['POST', '/api/auth/register', { body: { email: user.email, password: user.password } }, 409, '/api/auth/register'],
        ['POST', '/api/auth/register', { body: { email: 'not an email' } }, 400, '/api/auth/register'],
        ['POST', '/api/auth/login', { body: { email: user.email, password: 'a wrong password' } }, 401, '/api/auth/login'],
        ['POST', '/api/auth/refresh', { body: {} }, 401, '/api/auth/refresh'],
        ['GET', '/api/tasks', { token }, 200, '/api/tasks'],
        ['GET', '/api/tasks?limit=none', { token }, 400, '/api/tasks'],
        ['POST', '/api/tasks', { token, body: { id: task.id, title: 'first' } }, 201, '/api/tasks'],
        ['POST', '/api/tasks', { token, body: { id: task.id, title: 'again' } }, 409, '/api/tasks'],
        ['GET', `/api/tasks/${task.id}`, { token }, 200, '/api/tasks/:id'],
        ['GET', `/api/tasks/${makeTask().id}`, { token }, 404, '/api/tasks/:id'],
        ['PATCH', `/api/tasks/${task.id}`, { token, body: {} }, 400, '/api/tasks/:id'],
        ['DELETE', `/api/tasks/${task.id}`, { token }, 204, '/api/tasks/:id'],
        ['GET', '/api/no-such-route', { token }, 404, 'unmatched'],
      ];
      for (const [method, path, options, status] of calls)
        expect([method, path, (await api(other.url, method, path, options)).status]).toEqual([method, path, status]);

      const metrics = await scrape(other);
      const counted = (route: string, method: string, status: number) =>
        sample(metrics, new RegExp(`^http_request_duration_seconds_count\\{route="${route}",method="${method}",status="${status}"\\}`));
      expect(counted('/api/auth/register', 'POST', 201)).toBe(1);
      for (const [method, , , status, route] of calls)
        expect([method, route, status, counted(route, method, status)]).toEqual([method, route, status, 1]);
      expect([...labelValues(metrics, 'http_request_duration_seconds_count', 'route')].sort()).toEqual([
        '/api/auth/login',
        '/api/auth/refresh',
        '/api/auth/register',
        '/api/tasks',
        '/api/tasks/:id',
        'unmatched',
      ]);
    } finally {
      await other.close();
    }
  });

  it('[MT1] rate_limited_total counts refusals under /api/auth, /api/tasks and socket', async () => {
    const other = await startTestServer({ rateLimits: { authPerMinute: 2, apiPerMinute: 2, socketPer10Seconds: 2 } });
    try {
      const user = await registerUser(other.url);
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 3; attempt += 1) {
        statuses.push((await api(other.url, 'POST', '/api/auth/login', { body: { email: user.email, password: user.password } })).status);
      }
      for (let attempt = 0; attempt < 4; attempt += 1) {
        statuses.push((await api(other.url, 'GET', '/api/tasks', { token: user.accessToken })).status);
      }
      expect(statuses).toEqual([200, 429, 429, 200, 200, 429, 429]);
      const socket = await connectSocket(other.url, user.accessToken);
      const acks = await Promise.all([0, 1, 2].map(() => socket.pull({ checkpoint: null, limit: 1 })));
      socket.close();
      expect(acks.filter((ack) => !ack.ok)).toHaveLength(1);

      const metrics = await scrape(other);
      expect(sample(metrics, /^rate_limited_total\{limit="\/api\/auth"\} /)).toBe(2);
      expect(sample(metrics, /^rate_limited_total\{limit="\/api\/tasks"\} /)).toBe(2);
      expect(sample(metrics, /^rate_limited_total\{limit="socket"\} /)).toBe(1);
      expect([...labelValues(metrics, 'rate_limited_total', 'limit')].sort()).toEqual(['/api/auth', '/api/tasks', 'socket']);
    } finally {
      await other.close();
    }
  });

  it('[O8] metrics are served on METRICS_PORT only: the app port answers 404 NOT_FOUND to /metrics in every spelling', async () => {
    for (const path of ['/metrics', '/metrics/', '/METRICS', '/Metrics/', '/metrics?x=1']) {
      const response = await api(server.url, 'GET', path);
      expect([path, response.status, response.body?.error?.code]).toEqual([path, 404, 'NOT_FOUND']);
    }
    const metrics = await fetch(`${server.metricsUrl}/metrics`);
    expect([metrics.status, metrics.headers.get('content-type')]).toEqual([200, expect.stringContaining('text/plain')]);
    expect(await metrics.text()).toMatch(/^sync_connected_sockets /m);
    for (const path of ['/', '/metrics/', '/METRICS', '/health', '/api/tasks']) {
      const response = await fetch(`${server.metricsUrl}${path}`);
      expect([path, response.status]).toEqual([path, 404]);
      expect(await response.text()).not.toMatch(/^# HELP/m);
    }
    expect((await fetch(`${server.metricsUrl}/metrics`, { method: 'POST' })).status).toBe(404);
  });

  it('[O8] METRICS_PORT defaults to 9464 on HOST, and may not be the public PORT', () => {
    expect(parseConfig({}).http).toMatchObject({ port: 3000, metricsPort: 9464, host: '0.0.0.0' });
    expect(parseConfig({ METRICS_PORT: '0', PORT: '0' }).http).toMatchObject({ port: 0, metricsPort: 0 });
    expect(() => parseConfig({ METRICS_PORT: '3000' })).toThrow(ConfigError);
    expect(() => parseConfig({ METRICS_PORT: '3000' })).toThrow(/METRICS_PORT must differ from PORT/);
    expect(() => parseConfig({ METRICS_PORT: 'nine' })).toThrow(/METRICS_PORT must be an integer 0\.\.65535/);
  });
});
