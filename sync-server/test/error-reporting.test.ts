import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { api, registerUser } from '@tasklane/testkit/api-client';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { waitFor } from '@tasklane/testkit/sync-socket';

/** A local stand-in for Sentry's ingest endpoint: keeps every envelope body it receives. */
function startIngest(): Promise<{ server: Server; envelopes: string[]; port: number }> {
  const envelopes: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      envelopes.push((request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8'));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, envelopes, port: (server.address() as AddressInfo).port })),
  );
}

// A real server process: Sentry patches process-wide hooks, which must not leak into other test files.
describe('error reports (a real server process with SENTRY_DSN)', () => {
  const temp = makeTempDir('sentry');
  let ingest: Awaited<ReturnType<typeof startIngest>>;
  let server: ServerProcess;

  beforeAll(async () => {
    ingest = await startIngest();
    server = await startServerProcess({ DATA_DIR: temp.dir, SENTRY_DSN: `http://publickey@127.0.0.1:${ingest.port}/1` });
  });

  afterAll(async () => {
    await server?.stop();
    ingest?.server.close();
    temp.remove();
  });

  it('[LG3] an unexpected error during a request reaches Sentry without the bearer token, the cookie or the password', async () => {
    const user = await registerUser(server.url);
    // Break the store under the running server so that the next read fails unexpectedly (INTERNAL).
    const db = new Database(path.join(temp.dir, 'tasklane.sqlite'));
    db.exec('DROP TABLE tasks');
    db.close();
    const cookie = `__Host-tasklane_refresh=${user.refreshToken}`;
    const response = await fetch(`${server.url}/api/tasks`, { headers: { authorization: `Bearer ${user.accessToken}`, cookie } });
    expect(response.status).toBe(500);
    await api(server.url, 'POST', '/api/auth/login', { body: { email: user.email, password: user.password } });

    await waitFor(() => ingest.envelopes.some((envelope) => envelope.includes('"type":"event"')), 10_000, 'an event reaches the ingest');
    const sent = ingest.envelopes.join('\n');
    expect(sent).toMatch(/no such table/);
    for (const secret of [user.accessToken, user.refreshToken, user.password]) expect(sent).not.toContain(secret);
    expect(server.output()).not.toContain(user.accessToken);
  });
});
