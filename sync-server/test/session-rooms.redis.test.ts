import { api, registerUser } from '@tasklane/testkit/api-client';
import { freePort } from '@tasklane/testkit/free-port';
import { redisAvailable, REDIS_SERVER_BIN, startRedis, type RedisProcess } from '@tasklane/testkit/redis-process';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { connectSocket, waitFor } from '@tasklane/testkit/sync-socket';
import { makeTempDir } from '@tasklane/testkit/temp-dir';

/** Two sync-server processes sharing one store and a real redis-server: sign-out on one ends sockets on the other. */
describe('sign-out across instances (Redis adapter)', () => {
  const temp = makeTempDir('session-rooms');
  const servers: ServerProcess[] = [];
  let redis: RedisProcess | undefined;

  beforeAll(async () => {
    if (!redisAvailable()) {
      throw new Error(`${REDIS_SERVER_BIN} is not installed: apt-get install -y redis-server (scripts/test-all.sh does)`);
    }
    redis = await startRedis(await freePort());
    for (let i = 0; i < 2; i += 1) servers.push(await startServerProcess({ DATA_DIR: temp.dir, REDIS_URL: redis.url }));
  });
  afterAll(async () => {
    await Promise.allSettled(servers.map((server) => server.stop()));
    await redis?.kill();
    temp.remove();
  });

  it("[AU15] logout through instance A disconnects that sign-in's socket on instance B at once", async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const user = await registerUser(a.url);
    const otherSignIn = await api(b.url, 'POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
    const onB = await connectSocket(b.url, user.accessToken);
    const keptOnB = await connectSocket(b.url, otherSignIn.body.accessToken);
    let reason = '';
    onB.socket.on('disconnect', (why) => (reason = why));

    expect((await api(a.url, 'POST', '/api/auth/logout', { body: { refreshToken: user.refreshToken } })).status).toBe(204);
    await waitFor(() => reason !== '', 5000, 'the socket on instance B to be disconnected');
    expect(reason).toBe('io server disconnect');
    expect(keptOnB.socket.connected).toBe(true);
    keptOnB.close();
  });

  it('[AU17] after logout through instance A, instance B refuses a reconnect with the old access token', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const user = await registerUser(a.url);
    (await connectSocket(b.url, user.accessToken)).close();
    expect((await api(a.url, 'POST', '/api/auth/logout', { body: { refreshToken: user.refreshToken } })).status).toBe(204);
    await expect(connectSocket(b.url, user.accessToken)).rejects.toMatchObject({
      message: 'UNAUTHENTICATED',
      data: { code: 'UNAUTHENTICATED', retryable: false },
    });
  });
});
