import { api, registerUser } from '@tasklane/testkit/api-client';
import { freePort } from '@tasklane/testkit/free-port';
import { redisAvailable, REDIS_SERVER_BIN, startRedis, type RedisProcess } from '@tasklane/testkit/redis-process';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { subscribeSse, untilLive } from './support/graphql-client';

type TaskChanged = { id: string; title: string };

/** A socket-less client's `taskChanged` subscription over server-sent events: the tasks it hears, in order. */
async function subscribe(url: string, token: string) {
  const subscription = await subscribeSse({ url }, token, 'subscription { taskChanged { id title } }');
  const results = () => subscription.events as { data?: { taskChanged: TaskChanged }; errors?: { extensions: { code: string } }[] }[];
  return {
    ...subscription,
    get heard(): TaskChanged[] {
      return results().flatMap((result) => (result.data?.taskChanged ? [result.data.taskChanged] : []));
    },
    /** The error codes of results that carry errors (the last one, before the server ends the stream). */
    get errorCodes(): string[] {
      return results().flatMap((result) => (result.errors ?? []).map((error) => error.extensions.code));
    },
  };
}

const available = redisAvailable();
const describeWithRedis = available ? describe : describe.skip;

/** docs/graphql.md [GQ9]: two sync-server processes sharing one store, fanned out through a real redis-server. */
describeWithRedis(`GraphQL subscriptions across instances${available ? '' : ` (skipped: ${REDIS_SERVER_BIN} is not installed)`}`, () => {
  const temp = makeTempDir('graphql-redis');
  const servers: ServerProcess[] = [];
  let redis: RedisProcess | undefined;

  beforeAll(async () => {
    redis = await startRedis(await freePort());
    for (let i = 0; i < 2; i += 1) servers.push(await startServerProcess({ DATA_DIR: temp.dir, REDIS_URL: redis.url }));
  });

  afterAll(async () => {
    await Promise.allSettled(servers.map((server) => server.stop()));
    await redis?.kill();
    temp.remove();
  });

  it('[GQ9] a subscription over SSE on instance B hears a REST write made on instance A, and nothing of another account', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const user = await registerUser(a.url);
    const stranger = await registerUser(a.url);
    const subscription = await subscribe(b.url, user.accessToken);
    expect(subscription.status).toBe(200);
    try {
      // The subscription is live on B once Redis has its channel: write on A until B hears one.
      const written: string[] = [];
      await waitFor(
        async () => {
          await api(a.url, 'POST', '/api/tasks', { token: stranger.accessToken, body: { title: `not yours ${written.length}` } });
          const created = await api(a.url, 'POST', '/api/tasks', { token: user.accessToken, body: { title: `from A ${written.length}` } });
          expect(created.status).toBe(201);
          written.push(created.body.id as string);
          return subscription.heard.length > 0;
        },
        10_000,
        'a write on A heard on B',
      );
      const edited = await api(a.url, 'PATCH', `/api/tasks/${written[0]!}`, { token: user.accessToken, body: { title: 'edited on A' } });
      expect(edited.status).toBe(200);
      await waitFor(() => subscription.heard.some((task) => task.title === 'edited on A'), 10_000, 'the edit heard on B');
      expect(subscription.heard.every((task) => written.includes(task.id))).toBe(true);
      expect(subscription.heard.some((task) => task.title.startsWith('not yours'))).toBe(false);
    } finally {
      await subscription.close();
    }
    for (const server of servers) expect(server.child.exitCode).toBeNull();
  });

  it('[GQ9] signing out on instance A ends at once the idle subscriptions of that sign-in on instance B', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const user = await registerUser(a.url);
    const subscription = await subscribe(b.url, user.accessToken);
    try {
      await untilLive(a, user.accessToken, () => subscription.heard.length > 0, {
        timeoutMs: 10_000,
        what: 'the subscription on B to be live',
      });
      expect((await api(a.url, 'POST', '/api/auth/logout', { body: { refreshToken: user.refreshToken } })).status).toBe(204);
      // nothing is written after the sign-out: B ends the stream on Redis's word alone
      await waitFor(() => subscription.state.ended, 10_000, 'the stream on B to end');
      expect(subscription.errorCodes).toEqual(['UNAUTHENTICATED']);
    } finally {
      await subscription.close();
    }
  });
});
