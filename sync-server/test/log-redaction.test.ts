import { api, registerUser } from '@tasklane/testkit/api-client';
import { startTestServer } from '@tasklane/testkit/start-test-server';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
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
});
