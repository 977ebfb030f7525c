import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { Server } from 'socket.io';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { handshakeError } from '@tasklane/sync-server/src/realtime/handshake-auth';
import { api, registerUser } from '@tasklane/testkit/api-client';
import { startTestServer, TEST_TOKEN_SECRETS, type TestServer } from '@tasklane/testkit/start-test-server';
import { sleep, waitFor } from '@tasklane/testkit/sync-socket';
import { createAuthApi, type TokenPair } from '../src/session/auth-api';
import { createMemorySessionStore } from '../src/session/session-store';
import { createTokenSource } from '../src/session/token-source';
import { createSocketTransport, type ConnectionState, type SocketTransport } from '../src/sync/socket-transport';

describe('the client socket transport recovers from server-side refusals', () => {
  let server: TestServer;
  const transports: SocketTransport[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => {
    for (const transport of transports.splice(0)) transport.close();
  });
  afterAll(async () => {
    await server.close();
  });

  it('[H4b] on token-expired the client refreshes at once and reconnects, and hears changes again', async () => {
    const user = await registerUser(server.url);
    const shortLived = jwt.sign({ typ: 'access', exp: (Date.now() + 800) / 1000 }, TEST_TOKEN_SECRETS.accessSecret, {
      algorithm: 'HS256',
      issuer: 'tasklane',
      subject: user.id,
    });
    const sessions = createMemorySessionStore({
      user: { id: user.id, email: user.email },
      accessToken: shortLived,
      refreshToken: user.refreshToken,
    });
    const auth = createAuthApi(server.url);
    const refreshes: string[] = [];
    const tokens = createTokenSource({
      auth: { refresh: (token) => (refreshes.push(String(token)), auth.refresh(token)) },
      sessions,
    });
    // Without refreshing ahead, only the server's token-expired can start the renewal.
    const transport = createSocketTransport({ url: server.url, tokens, refreshAheadOfExpiry: false, reconnectionDelayMs: 60_000 });
    transports.push(transport);
    const states: ConnectionState[] = [];
    transport.state$.subscribe((state) => states.push(state));
    let connects = 0;
    transport.connected$.subscribe(() => (connects += 1));
    await waitFor(() => connects === 1, 5000, 'the first connection');

    await waitFor(() => connects === 2, 5000, 'the reconnection after token-expired');
    expect(refreshes).toEqual([user.refreshToken]);
    expect(sessions.read()!.accessToken).not.toBe(shortLived);
    expect(states).toEqual(['connecting', 'online', 'offline', 'online']);

    const heard: string[] = [];
    transport.changes$.subscribe((event) => heard.push(...event.documents.map((doc) => ('title' in doc ? doc.title : doc.name))));
    const created = await api(server.url, 'POST', '/api/tasks', { token: sessions.read()!.accessToken, body: { title: 'after renewal' } });
    expect(created.status).toBe(201);
    await waitFor(() => heard.includes('after renewal'), 2000, 'changes on the renewed socket');
  });

  describe('against a server that refuses the handshake', () => {
    let http: HttpServer;
    let url: string;
    let refusal: { code: 'SERVER_TOO_OLD' | 'CLIENT_TOO_OLD' | 'TOO_MANY_SOCKETS'; remaining: number; retryAfterMs?: number };
    const attemptTimes: number[] = [];
    let attempts = 0;
    const handshakeTokens: unknown[] = [];
    beforeAll(async () => {
      http = createServer();
      const io = new Server(http, { transports: ['websocket'] });
      // A real socket.io server answering like an older (or newer) Tasklane server would, with the server's own error shape.
      io.use((socket, next) => {
        attempts += 1;
        attemptTimes.push(Date.now());
        handshakeTokens.push((socket.handshake.auth as { token?: unknown }).token);
        if (refusal.remaining <= 0) return next();
        refusal.remaining -= 1;
        next(handshakeError(new ProtocolError(refusal.code, `${refusal.code} for this test`, { retryAfterMs: refusal.retryAfterMs })));
      });
      io.on('connection', (socket) => {
        if ((socket.handshake.auth as { token?: unknown }).token !== 'expiring') return;
        socket.emit('token-expired', { code: 'UNAUTHENTICATED', message: 'access token expired', retryable: false });
        socket.disconnect(true);
      });
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => http.close(resolve));
    });

    function transportWithToken(
      accessToken = 'token',
      refresh: () => Promise<TokenPair> = () => Promise.reject(new Error('no refresh here')),
    ): SocketTransport {
      const sessions = createMemorySessionStore({ user: { id: 'u', email: 'u@example.com' }, accessToken, refreshToken: 'refresh' });
      const tokens = createTokenSource({ auth: { refresh }, sessions });
      const transport = createSocketTransport({ url, tokens, refreshAheadOfExpiry: false, handshakeRetryDelayMs: 50 });
      transports.push(transport);
      return transport;
    }

    it('[H4b] token-expired is acted on at once: the next handshake already carries the renewed token', async () => {
      attempts = 0;
      handshakeTokens.splice(0);
      refusal = { code: 'SERVER_TOO_OLD', remaining: 0 };
      const transport = transportWithToken('expiring', () => Promise.resolve({ accessToken: 'renewed', refreshToken: 'refresh-2' }));
      await waitFor(() => handshakeTokens.includes('renewed') && transport.state$.value === 'online', 5000, 'the renewed connection');
      await sleep(1200); // longer than the 1 s reconnect after an unexplained server disconnect
      expect(handshakeTokens).toEqual(['expiring', 'renewed']);
    });

    it('[H3b] SERVER_TOO_OLD shows "server-too-old", keeps retrying with backoff, and connects once the server is updated', async () => {
      attempts = 0;
      refusal = { code: 'SERVER_TOO_OLD', remaining: 3 };
      const transport = transportWithToken();
      const states: ConnectionState[] = [];
      transport.state$.subscribe((state) => states.push(state));
      await waitFor(() => transport.state$.value === 'online', 5000, 'the connection after the upgrade');
      expect(attempts).toBe(4);
      expect(states).toEqual(['connecting', 'server-too-old', 'online']);
    });

    it('[AB1] a refusal with retryAfterMs is retried no sooner than the server asked, not after the client backoff alone', async () => {
      attempts = 0;
      attemptTimes.splice(0);
      refusal = { code: 'TOO_MANY_SOCKETS', remaining: 1, retryAfterMs: 600 };
      const transport = transportWithToken(); // its own backoff starts at 50 ms
      await waitFor(() => transport.state$.value === 'online', 5000, 'the connection once the server allows it');
      expect(attempts).toBe(2);
      expect(attemptTimes[1]! - attemptTimes[0]!).toBeGreaterThanOrEqual(600);
    });

    it('[H3] CLIENT_TOO_OLD shows "client-too-old" and stops connecting until the app is updated', async () => {
      attempts = 0;
      refusal = { code: 'CLIENT_TOO_OLD', remaining: 100 };
      const transport = transportWithToken();
      await waitFor(() => transport.state$.value === 'client-too-old', 5000, 'client-too-old');
      await sleep(300); // six retry periods of the SERVER_TOO_OLD case
      expect(attempts).toBe(1);
      await expect(transport.pull({ checkpoint: null, limit: 1 })).rejects.toMatchObject({ code: 'CLIENT_TOO_OLD' });
    });
  });
});
