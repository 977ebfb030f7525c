import { io, type Socket } from 'socket.io-client';
import type { ErrorBody } from '@tasklane/shared/protocol/error-body';
import { PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';
import { registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { freePort } from '@tasklane/testkit/free-port';
import { redisAvailable, REDIS_SERVER_BIN, startRedis, type RedisProcess } from '@tasklane/testkit/redis-process';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { makeTempDir } from '@tasklane/testkit/temp-dir';

const MAX_SOCKETS = 4;
const HANDSHAKES = 6;

type Outcome = { socket?: Socket; refusal?: string; data?: ErrorBody };

/** A handshake through a proxy that says the client is `address` (both instances run with TRUST_PROXY=1). */
function connectFrom(url: string, token: string, address: string): Promise<Outcome> {
  const socket = io(url, {
    transports: ['websocket'],
    auth: { token, protocolVersion: PROTOCOL_VERSION },
    extraHeaders: { 'x-forwarded-for': address },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (error: Error & { data?: ErrorBody }) => {
      socket.close();
      resolve({ refusal: error.message, ...(error.data ? { data: error.data } : {}) });
    });
  });
}

describe('socket limits shared through Redis by two server processes', () => {
  const temp = makeTempDir('socket-limits-redis');
  const servers: ServerProcess[] = [];
  const sockets: Socket[] = [];
  let redis: RedisProcess | undefined;
  let user: RegisteredUser;

  beforeAll(async () => {
    if (!redisAvailable())
      throw new Error(`${REDIS_SERVER_BIN} is not installed: apt-get install -y redis-server (scripts/test-all.sh does)`);
    redis = await startRedis(await freePort());
    for (let i = 0; i < 2; i += 1) {
      servers.push(
        await startServerProcess({
          DATA_DIR: temp.dir,
          REDIS_URL: redis.url,
          TRUST_PROXY: '1',
          MAX_SOCKETS_PER_USER: String(MAX_SOCKETS),
          RATE_LIMIT_HANDSHAKE: String(HANDSHAKES),
        }),
      );
    }
    user = await registerUser(servers[0]!.url);
  }, 30_000);
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.allSettled(servers.map((server) => server.stop('SIGKILL')));
    await redis?.kill();
    temp.remove();
  });

  it('[AB1] with REDIS_URL, MAX_SOCKETS_PER_USER counts the sockets of every instance, and a killed instance leaves no stale count', async () => {
    const [first, second] = servers as [ServerProcess, ServerProcess];
    // Every handshake from its own address, so the handshake limit stays out of this test.
    let address = 0;
    const connect = (server: ServerProcess) => connectFrom(server.url, user.accessToken, `198.51.100.${(address += 1)}`);
    for (let i = 0; i < MAX_SOCKETS; i += 1) {
      const outcome = await connect(i % 2 === 0 ? first : second);
      expect(outcome.refusal).toBeUndefined();
      sockets.push(outcome.socket!);
    }
    for (const server of [first, second]) {
      const outcome = await connect(server);
      expect(outcome.refusal).toBe('TOO_MANY_SOCKETS');
      expect(outcome.data).toMatchObject({ code: 'TOO_MANY_SOCKETS', retryable: true });
    }

    // The second instance dies with two of the user's sockets: the first one stops counting them at once.
    await second.stop('SIGKILL');
    await waitFor(
      async () => {
        const outcome = await connect(first);
        if (outcome.socket) sockets.push(outcome.socket);
        return outcome.socket !== undefined;
      },
      10_000,
      'a socket admitted once the dead instance no longer counts',
    );
    const next = await connect(first);
    if (next.socket) sockets.push(next.socket);
    expect(next.refusal).toBeUndefined();
    expect((await connect(first)).refusal).toBe('TOO_MANY_SOCKETS');
  }, 30_000);

  it('[AB2] with REDIS_URL, every instance counts handshakes from one address against the same limit', async () => {
    const [first] = servers as [ServerProcess];
    const fresh = await startServerProcess({
      DATA_DIR: temp.dir,
      REDIS_URL: redis!.url,
      TRUST_PROXY: '1',
      RATE_LIMIT_HANDSHAKE: String(HANDSHAKES),
    });
    servers.push(fresh);
    const other = await registerUser(first.url);
    const outcomes: string[] = [];
    for (let i = 0; i <= HANDSHAKES; i += 1) {
      const outcome = await connectFrom(i % 2 === 0 ? first.url : fresh.url, other.accessToken, '203.0.113.9');
      outcome.socket?.close();
      outcomes.push(outcome.refusal ?? 'connected');
    }
    expect(outcomes).toEqual([...Array<string>(HANDSHAKES).fill('connected'), 'RATE_LIMITED']);
  }, 30_000);
});
