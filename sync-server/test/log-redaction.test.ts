import { api, registerUser } from '@tasklane/testkit/api-client';
import { startTestServer } from '@tasklane/testkit/start-test-server';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { connectSocket } from '@tasklane/testkit/sync-socket';
import { makeList } from '@tasklane/testkit/task-fixture';
import { createEmbeddedStore } from '@tasklane/sync-server/src/store/sqlite/embedded-store';

/** The error a database driver might throw: the connection settings, credentials included, deep inside. */
function driverError(): Error {
  return Object.assign(new Error('the database driver failed'), {
    connection: {
      options: { auth: { username: 'tasklane', password: 'driver-password' }, headers: { Authorization: 'Bearer driver-header' } },
      pool: [{ session: { token: 'pooled-token' } }],
    },
  });
}

describe('log redaction (real server on port 0)', () => {
  it('[LG1] an unexpected error carrying credentials deep inside is logged once, with them redacted', async () => {
    const dataDir = makeTempDir('leaky-store');
    const embedded = createEmbeddedStore({ dataDir: dataDir.dir });
    const store = new Proxy(embedded, {
      get: (target, property, receiver): unknown =>
        property === 'listTasks' ? () => Promise.reject(driverError()) : Reflect.get(target, property, receiver),
    });
    const server = await startTestServer({ store });
    try {
      const user = await registerUser(server.url);
      const response = await api(server.url, 'GET', '/api/tasks', { token: user.accessToken });
      expect(response.status).toBe(500);
      expect(response.body.error.code).toBe('INTERNAL');

      const errorLines = server.logLines
        .map((line) => JSON.parse(line) as { msg?: string; err?: unknown })
        .filter((line) => line.msg === 'unexpected error');
      expect(errorLines).toHaveLength(1);
      expect(errorLines[0]!.err).toMatchObject({
        message: 'the database driver failed',
        connection: {
          options: { auth: { username: 'tasklane', password: '[redacted]' }, headers: { Authorization: '[redacted]' } },
          pool: [{ session: { token: '[redacted]' } }],
        },
      });
      const log = server.logLines.join('\n');
      for (const secret of ['driver-password', 'driver-header', 'pooled-token', user.password, user.accessToken]) {
        expect(log).not.toContain(secret);
      }
    } finally {
      await server.close();
      dataDir.remove();
    }
  });

  it('[LG1] [CO4] an unexpected error of a socket push of lists is logged once, naming the collection, with credentials redacted', async () => {
    const dataDir = makeTempDir('leaky-list-store');
    const embedded = createEmbeddedStore({ dataDir: dataDir.dir });
    const store = new Proxy(embedded, {
      get: (target, property, receiver): unknown =>
        property === 'applyListPush' ? () => Promise.reject(driverError()) : Reflect.get(target, property, receiver),
    });
    const server = await startTestServer({ store });
    try {
      const user = await registerUser(server.url);
      const socket = await connectSocket(server.url, user.accessToken);
      const ack = await socket.pushLists({ rows: [{ newDocumentState: makeList() }] });
      socket.close();
      expect(ack).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.any(String), retryable: true } });

      const errorLines = server.logLines
        .map((line) => JSON.parse(line) as { msg?: string; collection?: string; userId?: string; err?: unknown })
        .filter((line) => line.msg === 'unexpected error');
      expect(errorLines).toHaveLength(1);
      expect(errorLines[0]).toMatchObject({ collection: 'lists', userId: user.id });
      expect(errorLines[0]!.err).toMatchObject({ connection: { options: { auth: { password: '[redacted]' } } } });
      const log = server.logLines.join('\n');
      for (const secret of ['driver-password', 'driver-header', 'pooled-token', user.accessToken]) expect(log).not.toContain(secret);
    } finally {
      await server.close();
      dataDir.remove();
    }
  });
});
