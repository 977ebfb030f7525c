import jwt from 'jsonwebtoken';
import { api, registerUser } from '@tasklane/testkit/api-client';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { startTestServer, TEST_TOKEN_SECRETS, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, waitFor } from '@tasklane/testkit/sync-socket';

/** An access token like the server's, expiring `ms` from now (the server's own are whole seconds). */
function accessTokenExpiringIn(userId: string, ms: number): string {
  return jwt.sign({ typ: 'access', exp: (Date.now() + ms) / 1000 }, TEST_TOKEN_SECRETS.accessSecret, {
    algorithm: 'HS256',
    issuer: 'tasklane',
    subject: userId,
  });
}

describe('a socket whose access token expires (real server on port 0)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('[H4] is told token-expired with UNAUTHENTICATED and closed by the server at once, and gets no changes afterwards', async () => {
    const user = await registerUser(server.url);
    const shortLived = accessTokenExpiringIn(user.id, 800);
    const socket = await connectSocket(server.url, shortLived);
    const expired: unknown[] = [];
    const reasons: string[] = [];
    socket.socket.on('token-expired', (payload: unknown) => expired.push(payload));
    socket.socket.on('disconnect', (reason) => reasons.push(reason));
    try {
      await waitFor(() => reasons.length > 0, 5000, 'the server to close the socket');
      expect(expired).toEqual([{ code: 'UNAUTHENTICATED', message: 'access token expired; refresh it and reconnect', retryable: false }]);
      expect(reasons).toEqual(['io server disconnect']);
      const { exp } = jwt.decode(shortLived) as { exp: number };
      expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000);

      // Still signed in: a fresh token writes, and the closed socket hears nothing of it.
      const renewed = await api(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
      expect(renewed.status).toBe(200);
      const reconnected = await connectSocket(server.url, renewed.body.accessToken as string);
      try {
        const push = await reconnected.push({ rows: [{ newDocumentState: makeTask({ title: 'after expiry' }) }] });
        expect(push).toEqual({ ok: true, data: { conflicts: [] } });
        await waitFor(() => reconnected.changes.length > 0, 2000, 'changes on the renewed socket');
        expect(socket.changes).toEqual([]);
      } finally {
        reconnected.close();
      }
    } finally {
      socket.close();
    }
  });

  it('[H4] each socket is closed at its own token expiry: a socket with a later token stays connected meanwhile', async () => {
    const user = await registerUser(server.url);
    const early = await connectSocket(server.url, accessTokenExpiringIn(user.id, 300));
    const late = await connectSocket(server.url, accessTokenExpiringIn(user.id, 60_000));
    try {
      await waitFor(() => early.socket.disconnected, 5000, 'the early socket to be closed');
      expect(late.socket.connected).toBe(true);
      const pull = await late.pull({ checkpoint: null, limit: 10 });
      expect(pull.ok).toBe(true);
    } finally {
      early.close();
      late.close();
    }
  });
});
