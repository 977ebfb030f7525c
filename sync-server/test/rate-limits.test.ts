import { api, registerUser } from '@tasklane/testkit/api-client';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { GENEROUS_RATE_LIMITS, startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket } from '@tasklane/testkit/sync-socket';

describe('rate limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ rateLimits: { ...GENEROUS_RATE_LIMITS, authPerMinute: 8, apiPerMinute: 15, socketPer10Seconds: 20 } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('[RL1] brute-force sign-in from one address is throttled with RATE_LIMITED and Retry-After', async () => {
    const user = await registerUser(server.url);
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof api>> | undefined;
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const response = await api(server.url, 'POST', '/api/auth/login', {
        body: { email: user.email, password: `wrong guess number ${attempt}` },
      });
      statuses.push(response.status);
      if (response.status === 429) limited ??= response;
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
    expect(statuses.slice(7).every((status) => status === 429)).toBe(true);
    expect(limited!.body.error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterMs: expect.any(Number) });
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    const correctPasswordToo = await api(server.url, 'POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
    expect(correctPasswordToo.status).toBe(429);
  });

  it('[RL2] the task API is limited per user, not per address', async () => {
    const other = await startTestServer({ rateLimits: { ...GENEROUS_RATE_LIMITS, apiPerMinute: 5 } });
    try {
      const first = await registerUser(other.url);
      const second = await registerUser(other.url);
      const firstStatuses = [];
      for (let i = 0; i < 7; i += 1) firstStatuses.push((await api(other.url, 'GET', '/api/tasks', { token: first.accessToken })).status);
      expect(firstStatuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      expect((await api(other.url, 'GET', '/api/tasks', { token: second.accessToken })).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('[RL3] a flood of socket messages is throttled without dropping the connection or any accepted write', async () => {
    const other = await startTestServer({ rateLimits: { ...GENEROUS_RATE_LIMITS, socketPer10Seconds: 20 } });
    try {
      const user = await registerUser(other.url);
      const socket = await connectSocket(other.url, user.accessToken);
      const tasks = Array.from({ length: 60 }, (_, i) => makeTask({ title: `flood ${i}` }));
      const acks = await Promise.all(tasks.map((task) => socket.push({ rows: [{ newDocumentState: task }] })));
      const accepted = tasks.filter((_, i) => acks[i]!.ok);
      const limited = acks.filter((ack) => !ack.ok);
      expect(accepted).toHaveLength(20);
      expect(limited).toHaveLength(40);
      for (const ack of limited) {
        if (ack.ok) continue;
        expect(ack.error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterMs: expect.any(Number) });
      }
      expect(socket.socket.connected).toBe(true);
      const stored = await other.store.pullChanges(user.id, 0, 1000);
      expect(stored.map((task) => task.id).sort()).toEqual(accepted.map((task) => task.id).sort());
    } finally {
      await other.close();
    }
  });
});
