import fs from 'node:fs';
import path from 'node:path';
import { buildClientSchema, getIntrospectionQuery, printSchema, type IntrospectionQuery } from 'graphql';
import { api, registerUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { printGraphqlSchema, SCHEMA_FILE } from '@tasklane/sync-server/src/graphql/print-schema';
import { createEmbeddedStore } from '@tasklane/sync-server/src/store/sqlite/embedded-store';
import type { Store } from '@tasklane/sync-server/src/store/store';

const ROOT = path.resolve(__dirname, '../..');

const gql = (server: { url: string }, token: string, query: string) => api(server.url, 'POST', '/graphql', { token, body: { query } });

/** The embedded store, whose task listing fails with a message that must never reach a client while `broken` is set. */
function breakableStore(): { store: Store; broken: { on: boolean }; remove: () => void } {
  const temp = makeTempDir('graphql-store');
  const real = createEmbeddedStore({ dataDir: temp.dir });
  const broken = { on: false };
  // instrumentStore takes the methods once, at start: the failure is decided when one is called.
  const store: Store = {
    ...real,
    listTasks: (userId, query) =>
      broken.on ? Promise.reject(new Error('disk failure at /var/secret/tasks.db (password=hunter2)')) : real.listTasks(userId, query),
  };
  return { store, broken, remove: temp.remove };
}

describe('GraphQL protection (docs/graphql.md)', () => {
  const servers: TestServer[] = [];
  const cleanups: (() => void)[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
    for (const cleanup of cleanups) cleanup();
  });
  const start = async (...args: Parameters<typeof startTestServer>) => {
    const server = await startTestServer(...args);
    servers.push(server);
    return server;
  };

  it('[GQ11] introspection is refused in production with a clear INVALID_MESSAGE unless GRAPHQL_INTROSPECTION=on; development answers it', async () => {
    const production = await start({ http: { production: true } });
    const user = await registerUser(production.url);
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Task") { name } }']) {
      const refused = await gql(production, user.accessToken, query);
      expect(refused.body.errors[0].extensions.code).toBe('INVALID_MESSAGE');
      expect(refused.body.errors[0].message).toMatch(/introspection has been disabled/);
      expect(refused.body.data).toBeUndefined();
    }
    expect((await gql(production, user.accessToken, '{ viewer { __typename id } }')).body.data.viewer).toEqual({
      __typename: 'Viewer',
      id: user.id,
    });

    const enabled = await start({ http: { production: true }, graphql: { introspection: true } });
    const other = await registerUser(enabled.url);
    expect((await gql(enabled, other.accessToken, '{ __schema { queryType { name } } }')).body.data).toEqual({
      __schema: { queryType: { name: 'Query' } },
    });
  });

  it('[GQ12] an unexpected failure answers INTERNAL with a fixed message, never its text or stack, and is logged once at error level', async () => {
    const { store, broken, remove } = breakableStore();
    cleanups.push(remove);
    const server = await start({ store, http: { production: true } });
    const user = await registerUser(server.url);
    broken.on = true;
    const answer = await gql(server, user.accessToken, '{ viewer { id } tasks { items { id } } }');
    broken.on = false;
    expect(answer.status).toBe(200);
    expect(answer.body.data).toBeNull();
    expect(answer.body.errors).toEqual([
      {
        message: 'the server failed to handle this request',
        path: ['tasks'],
        locations: [{ line: 1, column: 17 }],
        extensions: { code: 'INTERNAL', retryable: true },
      },
    ]);
    const text = JSON.stringify(answer.body);
    for (const secret of ['disk failure', 'secret', 'hunter2', 'at ']) expect(text).not.toContain(secret);
    const errorLines = server.logLines.filter((line) => line.includes('"level":50'));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toContain('"context":"graphql"');
  });

  it('[GQ8] GraphQL requests count against the same per-user rate limit as /api/tasks: past it, 429 RATE_LIMITED with Retry-After', async () => {
    const server = await start({ rateLimits: { authPerMinute: 100, apiPerMinute: 3, socketPer10Seconds: 100 } });
    const user = await registerUser(server.url);
    expect((await api(server.url, 'GET', '/api/tasks', { token: user.accessToken })).status).toBe(200);
    expect((await gql(server, user.accessToken, '{ viewer { id } }')).status).toBe(200);
    expect((await api(server.url, 'GET', '/api/tasks', { token: user.accessToken })).status).toBe(200);
    const limited = await gql(server, user.accessToken, '{ viewer { id } }');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect((await api(server.url, 'GET', '/api/tasks', { token: user.accessToken })).status).toBe(429);
    const other = await registerUser(server.url);
    expect((await gql(server, other.accessToken, '{ viewer { id } }')).status).toBe(200);
  });

  it('[GQ13] docs/schema.graphql is the schema the server serves, printed by npm run graphql-schema; this fails when it drifts', async () => {
    expect(fs.readFileSync(path.join(ROOT, SCHEMA_FILE), 'utf8')).toBe(printGraphqlSchema());
    const server = await start();
    const user = await registerUser(server.url);
    const introspection = await gql(server, user.accessToken, getIntrospectionQuery());
    expect(introspection.body.errors).toBeUndefined();
    const served = printSchema(buildClientSchema(introspection.body.data as IntrospectionQuery));
    expect(printGraphqlSchema()).toContain(served);
  });
});
