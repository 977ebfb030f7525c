import { api, registerUser } from '@tasklane/testkit/api-client';
import { startTestServer } from '@tasklane/testkit/start-test-server';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createEmbeddedStore } from '../src/store/sqlite/embedded-store';

async function dependencyUp(metricsUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${metricsUrl}/metrics`)).text();
  const found: Record<string, number> = {};
  for (const match of text.matchAll(/^tasklane_dependency_up\{dependency="([^"]+)"\} (\d+)$/gm)) found[match[1]!] = Number(match[2]);
  return found;
}

/** A real embedded store whose readiness check can be made to fail, as an unreachable database's would. */
function storeWithSwitch(dir: string) {
  const store = createEmbeddedStore({ dataDir: dir });
  const checkReady = store.checkReady.bind(store);
  const state = { reachable: true };
  store.checkReady = () => (state.reachable ? checkReady() : Promise.reject(new Error('the database is unreachable')));
  return { store, state };
}

describe('readiness and dependency metrics', () => {
  it('[O9] /ready is 503 naming the store while the store is unreachable, and 200 again once it answers', async () => {
    const temp = makeTempDir('readiness-store');
    const { store, state } = storeWithSwitch(temp.dir);
    const server = await startTestServer({ store });
    try {
      expect(await api(server.url, 'GET', '/ready')).toMatchObject({ status: 200, body: { status: 'ready', failed: [], degraded: [] } });
      state.reachable = false;
      const down = await api(server.url, 'GET', '/ready');
      expect(down.status).toBe(503);
      expect(down.body).toEqual({
        status: 'not_ready',
        checks: [{ name: 'store', ok: false, error: 'the database is unreachable' }],
        failed: ['store'],
        degraded: [],
      });
      expect(await dependencyUp(server.metricsUrl)).toEqual({ store: 0 });
      state.reachable = true;
      expect((await api(server.url, 'GET', '/ready')).status).toBe(200);
      expect(await dependencyUp(server.metricsUrl)).toEqual({ store: 1 });
    } finally {
      await server.close();
      temp.remove();
    }
  });

  it('[O9] a failed optional dependency leaves /ready 200 "degraded" and naming it, and the instance keeps serving writes', async () => {
    let redisUp = false;
    const server = await startTestServer({
      extraReadinessChecks: [
        {
          name: 'redis',
          required: false,
          check: () => (redisUp ? Promise.resolve() : Promise.reject(new Error('connection is reconnecting'))),
        },
      ],
    });
    try {
      const ready = await api(server.url, 'GET', '/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({
        status: 'degraded',
        checks: [
          { name: 'store', ok: true },
          { name: 'redis', ok: false, error: 'connection is reconnecting' },
        ],
        failed: [],
        degraded: ['redis'],
      });
      const user = await registerUser(server.url);
      expect((await api(server.url, 'POST', '/api/tasks', { token: user.accessToken, body: { title: 'still served' } })).status).toBe(201);
      redisUp = true;
      expect((await api(server.url, 'GET', '/ready')).body).toMatchObject({ status: 'ready', degraded: [] });
    } finally {
      await server.close();
    }
  });

  it('[O10] tasklane_dependency_up reports each dependency, measured at scrape time', async () => {
    let redisUp = true;
    const server = await startTestServer({
      extraReadinessChecks: [
        { name: 'redis', required: false, check: () => (redisUp ? Promise.resolve() : Promise.reject(new Error('down'))) },
      ],
    });
    try {
      expect(await dependencyUp(server.metricsUrl)).toEqual({ store: 1, redis: 1 });
      redisUp = false;
      expect(await dependencyUp(server.metricsUrl)).toEqual({ store: 1, redis: 0 });
      redisUp = true;
      expect(await dependencyUp(server.metricsUrl)).toEqual({ store: 1, redis: 1 });
    } finally {
      await server.close();
    }
  });
});
