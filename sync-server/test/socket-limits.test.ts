import { io } from 'socket.io-client';
import type { ErrorBody } from '@tasklane/shared/protocol/error-body';
import { PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';
import { registerUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, waitFor, type TestSocket } from '@tasklane/testkit/sync-socket';
import { DEFAULT_SOCKET_LIMITS } from '../src/realtime/socket-limits';
import { handshakeFailure } from './support/handshake-failure';

type Outcome = { socket?: TestSocket; error?: Error & { data?: ErrorBody } };

function attempt(url: string, token: string): Promise<Outcome> {
  return connectSocket(url, token).then(
    (socket) => ({ socket }),
    (error: Error & { data?: ErrorBody }) => ({ error }),
  );
}

/** A handshake from the given X-Forwarded-For; resolves with the connect_error message, or "connected". */
function handshakeFrom(url: string, token: string, forwardedFor: string): Promise<{ message: string; data?: ErrorBody }> {
  const socket = io(url, {
    transports: ['websocket'],
    auth: { token, protocolVersion: PROTOCOL_VERSION },
    extraHeaders: { 'x-forwarded-for': forwardedFor },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.close();
      resolve({ message: 'connected' });
    });
    socket.once('connect_error', (error: Error & { data?: ErrorBody }) => {
      socket.close();
      resolve({ message: error.message, ...(error.data ? { data: error.data } : {}) });
    });
  });
}

describe('socket limits of a signed-in user (in-process)', () => {
  const servers: TestServer[] = [];
  const sockets: TestSocket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('[AB1] simultaneous handshakes past MAX_SOCKETS_PER_USER are refused with TOO_MANY_SOCKETS and a body saying why; other users and a freed slot are not', async () => {
    const server = await startTestServer({ socketLimits: { ...DEFAULT_SOCKET_LIMITS, maxSocketsPerUser: 5 } });
    servers.push(server);
    const alice = await registerUser(server.url);
    const bob = await registerUser(server.url);

    const outcomes = await Promise.all(Array.from({ length: 9 }, () => attempt(server.url, alice.accessToken)));
    const opened = outcomes.flatMap((outcome) => (outcome.socket ? [outcome.socket] : []));
    sockets.push(...opened);
    const refused = outcomes.flatMap((outcome) => (outcome.error ? [outcome.error] : []));
    expect(opened).toHaveLength(5);
    expect(refused).toHaveLength(4);
    for (const error of refused) {
      expect(error.message).toBe('TOO_MANY_SOCKETS');
      expect(error.data).toMatchObject({ code: 'TOO_MANY_SOCKETS', retryable: true, retryAfterMs: expect.any(Number) });
      expect(error.data?.message).toMatch(/at most 5/);
    }

    sockets.push(await connectSocket(server.url, bob.accessToken));
    opened[0]!.close();
    let reopened: TestSocket | undefined;
    await waitFor(
      async () => {
        const outcome = await attempt(server.url, alice.accessToken);
        if (outcome.error && outcome.error.message !== 'TOO_MANY_SOCKETS') throw outcome.error;
        reopened = outcome.socket;
        return reopened !== undefined;
      },
      5000,
      'a slot freed by a closed socket',
    );
    sockets.push(reopened!);
    expect((await handshakeFailure(server.url, alice.accessToken)).message).toBe('TOO_MANY_SOCKETS');
  });

  it('[AB2] handshakes past RATE_LIMIT_HANDSHAKE per minute from one address are refused with RATE_LIMITED and retryAfterMs, failed ones included', async () => {
    const server = await startTestServer({ socketLimits: { ...DEFAULT_SOCKET_LIMITS, handshakesPerMinute: 4 } });
    servers.push(server);
    const user = await registerUser(server.url);
    expect((await handshakeFailure(server.url, 'not a token')).message).toBe('UNAUTHENTICATED');
    for (let i = 0; i < 3; i += 1) {
      const socket = await connectSocket(server.url, user.accessToken);
      socket.close();
    }
    const refused = await handshakeFailure(server.url, user.accessToken);
    expect(refused.message).toBe('RATE_LIMITED');
    expect(refused.data).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterMs: expect.any(Number) });
    expect(refused.data!.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('[AB2] behind TRUST_PROXY hops, the limit counts the forwarded client address, as the HTTP limits do', async () => {
    const server = await startTestServer({
      http: { trustProxyHops: 1 },
      socketLimits: { ...DEFAULT_SOCKET_LIMITS, handshakesPerMinute: 2 },
    });
    servers.push(server);
    const user = await registerUser(server.url);
    const first = ['connected', 'connected', 'RATE_LIMITED'];
    for (const expected of first) expect((await handshakeFrom(server.url, user.accessToken, '203.0.113.1')).message).toBe(expected);
    expect((await handshakeFrom(server.url, user.accessToken, '203.0.113.2')).message).toBe('connected');
    // Only the hop the proxy appended is believed: a spoofed left-most entry does not open a new bucket.
    expect((await handshakeFrom(server.url, user.accessToken, '198.51.100.7, 203.0.113.1')).message).toBe('RATE_LIMITED');
  });
});
