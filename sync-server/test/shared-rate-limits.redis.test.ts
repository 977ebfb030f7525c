import { api, registerUser } from '@tasklane/testkit/api-client';
import { freePort } from '@tasklane/testkit/free-port';
import { redisAvailable, REDIS_SERVER_BIN, startRedis, type RedisProcess } from '@tasklane/testkit/redis-process';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { makeTempDir } from '@tasklane/testkit/temp-dir';

describe('rate limits shared through Redis', () => {
  const temp = makeTempDir('shared-limits');
  const servers: ServerProcess[] = [];
  let redis: RedisProcess | undefined;

  beforeAll(async () => {
    if (!redisAvailable())
      throw new Error(`${REDIS_SERVER_BIN} is not installed: apt-get install -y redis-server (scripts/test-all.sh does)`);
    redis = await startRedis(await freePort());
    for (let i = 0; i < 2; i += 1) {
      servers.push(await startServerProcess({ DATA_DIR: temp.dir, REDIS_URL: redis.url, RATE_LIMIT_AUTH: '6' }));
    }
  });
  afterAll(async () => {
    await Promise.allSettled(servers.map((server) => server.stop()));
    await redis?.kill();
    temp.remove();
  });

  it('[RL4] with REDIS_URL, every instance counts against the same auth limit', async () => {
    const [first, second] = servers as [ServerProcess, ServerProcess];
    const user = await registerUser(first.url);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const server = attempt % 2 === 0 ? second : first;
      statuses.push(
        (await api(server.url, 'POST', '/api/auth/login', { body: { email: user.email, password: `wrong password ${attempt}` } })).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await api(second.url, 'POST', '/api/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(429);
  });

  it('[RL5] when Redis is down the HTTP limiters fail open instead of taking sign-in down', async () => {
    await redis!.kill();
    const fresh = await startServerProcess({ DATA_DIR: temp.dir, REDIS_URL: redis!.url, RATE_LIMIT_AUTH: '6' });
    servers.push(fresh);
    const response = await api(fresh.url, 'POST', '/api/auth/register', {
      body: { email: 'while-redis-is-down@example.com', password: 'long enough secret' },
    });
    expect(response.status).toBe(201);
  });
});
