import { io } from 'socket.io-client';
import { connectErrorSchema } from '@tasklane/shared/protocol/handshake';
import { MIN_SUPPORTED_PROTOCOL_VERSION, PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';
import { registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket } from '@tasklane/testkit/sync-socket';
import { handshakeFailure } from './support/handshake-failure';

/** Connects with any `auth` at all and returns the `connect_error` the server answers with. */
function refusalOf(url: string, auth: unknown): Promise<Error & { data?: unknown }> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], auth: auth as object, reconnection: false, forceNew: true });
    socket.once('connect', () => {
      socket.close();
      reject(new Error('the handshake was expected to fail'));
    });
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      socket.close();
      resolve(error);
    });
  });
}

describe('handshake: protocol versions and the connect_error payload (real server on port 0)', () => {
  let server: TestServer;
  let alice: RegisteredUser;
  beforeAll(async () => {
    server = await startTestServer();
    alice = await registerUser(server.url);
  });
  afterAll(async () => {
    await server.close();
  });

  it('[H3] a protocol version older than the server supports fails with CLIENT_TOO_OLD, not retryable, whatever the token', async () => {
    for (const token of [alice.accessToken, 'not-a-token']) {
      const error = await handshakeFailure(server.url, token, 0);
      expect(error.message).toBe('CLIENT_TOO_OLD');
      expect(error.data).toEqual({ code: 'CLIENT_TOO_OLD', message: expect.stringContaining('update'), retryable: false });
    }
  });

  it('[H3] [RM6] [AS1] protocol 4 is the only version served: a version-3 client (before assignment), or an older one, is told CLIENT_TOO_OLD', async () => {
    expect([MIN_SUPPORTED_PROTOCOL_VERSION, PROTOCOL_VERSION]).toEqual([4, 4]);
    for (const old of [1, 2, 3]) {
      const error = await handshakeFailure(server.url, alice.accessToken, old);
      expect(error.message).toBe('CLIENT_TOO_OLD');
      expect(error.data).toEqual({
        code: 'CLIENT_TOO_OLD',
        message: `protocol ${old} is no longer supported (this server speaks protocol 4..4); update the app`,
        retryable: false,
      });
    }
    const current = await connectSocket(server.url, alice.accessToken, 4);
    current.close();
  });

  it('[H3b] a protocol version newer than the server speaks fails with SERVER_TOO_OLD, retryable, whatever the token', async () => {
    for (const token of [alice.accessToken, 'not-a-token']) {
      const error = await handshakeFailure(server.url, token, PROTOCOL_VERSION + 1);
      expect(error.message).toBe('SERVER_TOO_OLD');
      expect(error.data).toEqual({ code: 'SERVER_TOO_OLD', message: expect.stringContaining('retry later'), retryable: true });
    }
    const current = await connectSocket(server.url, alice.accessToken, PROTOCOL_VERSION);
    current.close();
  });

  it.each([
    ['no protocolVersion', { token: 'valid' }],
    ['a string', { token: 'valid', protocolVersion: '2' }],
    ['a fraction', { token: 'valid', protocolVersion: 1.5 }],
    ['null', { token: 'valid', protocolVersion: null }],
    ['no auth object at all', undefined],
  ])('[H3c] a handshake with %s as protocolVersion fails with INVALID_MESSAGE, not UNAUTHENTICATED', async (_what, auth) => {
    const withToken = auth && auth.token === 'valid' ? { ...auth, token: alice.accessToken } : auth;
    const error = await refusalOf(server.url, withToken);
    expect(error.message).toBe('INVALID_MESSAGE');
    expect(error.data).toEqual({ code: 'INVALID_MESSAGE', message: expect.stringContaining('protocolVersion'), retryable: false });
  });

  it('[H2b] a refused handshake is message = code and data = the error body { code, message, retryable }, no envelope', async () => {
    const refusals = [
      await refusalOf(server.url, { token: 'forged', protocolVersion: PROTOCOL_VERSION }),
      await refusalOf(server.url, { protocolVersion: PROTOCOL_VERSION }),
      await refusalOf(server.url, { token: alice.accessToken }),
      await refusalOf(server.url, { token: alice.accessToken, protocolVersion: 0 }),
      await refusalOf(server.url, { token: alice.accessToken, protocolVersion: PROTOCOL_VERSION + 1 }),
    ];
    expect(refusals.map((error) => error.message)).toEqual([
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
      'INVALID_MESSAGE',
      'CLIENT_TOO_OLD',
      'SERVER_TOO_OLD',
    ]);
    for (const error of refusals) {
      expect(connectErrorSchema.parse({ message: error.message, data: error.data })).toBeTruthy();
      expect(Object.keys(error.data as object).sort()).toEqual(['code', 'message', 'retryable']);
      expect((error.data as { code: string }).code).toBe(error.message);
    }
  });
});
