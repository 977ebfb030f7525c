import { api, registerUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { DEFAULT_SOCKET_LIMITS } from '@tasklane/sync-server/src/realtime/socket-limit-defaults';
import { shareWithoutMail } from './support/sharing-people';
import { gql, subscribeSse, untilLive } from './support/graphql-client';

/** A `taskChanged` subscription over server-sent events: every `next` payload, and whether the server ended it. */
const subscribe = (server: { url: string }, token: string) => subscribeSse(server, token, 'subscription { taskChanged { title } }');

const written = async (server: TestServer): Promise<number> =>
  Number(
    /^sync_documents_total\{kind="written",collection="tasks"\} (\d+)$/m.exec(
      await (await fetch(`${server.metricsUrl}/metrics`)).text(),
    )?.[1] ?? 0,
  );

const errorLines = (server: TestServer) => server.logLines.filter((line) => line.includes('"level":50'));

describe('GraphQL under attack (docs/graphql.md)', () => {
  const servers: TestServer[] = [];
  let server: TestServer;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    for (const each of servers) await each.close();
  });
  async function start(...args: Parameters<typeof startTestServer>): Promise<TestServer> {
    const started = await startTestServer(...args);
    servers.push(started);
    return started;
  }

  it('[GQ10] a query is bounded in tokens and fields at parse, and measured before graphql-js validates it', async () => {
    const user = await registerUser(server.url);
    // 6,600 repeated fields (20 KB) once cost seconds of validation: now the query is too long to be parsed
    const repeated = await gql(server, user.accessToken, `{ viewer { ${'id '.repeat(6600)}} }`);
    expect(repeated.status).toBe(400);
    expect(repeated.body.errors[0]).toMatchObject({
      extensions: { code: 'INVALID_MESSAGE' },
      message: expect.stringContaining('characters'),
    });
    // within the length, past the tokens: graphql-js stops parsing, nothing is validated
    const tokens = await gql(server, user.accessToken, `{ viewer { ${'id '.repeat(1500)}} }`);
    expect(tokens.body.errors[0]).toMatchObject({
      extensions: { code: 'INVALID_MESSAGE' },
      message: expect.stringMatching(/Document contains more than 1000 tokens/),
    });
    expect(tokens.body.data).toBeUndefined();
    // within the tokens, past the fields
    const fields = await gql(server, user.accessToken, `{ viewer { ${'id '.repeat(301)}} }`);
    expect(fields.body.errors[0].message).toMatch(/selects more than 300 fields/);
    // a fragment spread twice per level selects 2^20 fields in 60 tokens: counted as spread, refused early
    const levels = Array.from({ length: 20 }, (_, level) => `fragment F${level} on Viewer { ...F${level + 1} ...F${level + 1} }`);
    const bomb = await gql(server, user.accessToken, `{ viewer { ...F0 } } ${levels.join(' ')} fragment F20 on Viewer { id }`);
    expect(bomb.body.errors[0]).toMatchObject({
      extensions: { code: 'INVALID_MESSAGE' },
      message: expect.stringMatching(/selects more than 300 fields/),
    });
    // the limits answer before validation does: an unknown field in too many aliases is refused for the aliases
    const aliases = Array.from({ length: 11 }, (_, index) => `a${index}: viewer { nope }`).join(' ');
    const aliased = await gql(server, user.accessToken, `{ ${aliases} }`);
    expect(aliased.body.errors).toHaveLength(1);
    expect(aliased.body.errors[0].message).toMatch(/uses 11 aliases/);
    // every operation of the document is measured, not only the one that runs
    const second = await gql(server, user.accessToken, `query A { viewer { id } } query B { viewer { ${'id '.repeat(301)}} }`);
    expect(second.body.errors[0].message).toMatch(/selects more than 300 fields/);
    expect((await gql(server, user.accessToken, '{ viewer { id } }')).body.data.viewer.id).toBe(user.id);
  });

  it('[GQ10] a variable\u2019s default counts as its value, and one request reads at most one tag or due scan', async () => {
    const user = await registerUser(server.url);
    const twoPages =
      'query($n: Int = 500) { a: tasks(first: $n) { items { due { date } } } b: tasks(first: $n) { items { due { date } } } }';
    const byDefault = await gql(server, user.accessToken, twoPages);
    expect(byDefault.body.errors[0]).toMatchObject({
      extensions: { code: 'INVALID_MESSAGE' },
      message: expect.stringMatching(/costs 2002/),
    });
    expect((await gql(server, user.accessToken, twoPages, { n: 20 })).body.errors).toBeUndefined();

    const scan = 'tasks(filter: $f) { items { id } }';
    const oneScan = await gql(server, user.accessToken, `query($f: TaskFilter) { ${scan} }`, { f: { tag: 'work' } });
    expect(oneScan.body.errors).toBeUndefined();
    const twoScans = await gql(
      server,
      user.accessToken,
      `query($f: TaskFilter) { a: ${scan} b: tasks(filter: { dueFrom: "2030-01-01" }) { items { id } } }`,
      {
        f: { tag: 'work' },
      },
    );
    expect(twoScans.body.errors[0]).toMatchObject({
      extensions: { code: 'INVALID_MESSAGE' },
      message: expect.stringMatching(/may read 4000 tasks .* at most 2000/),
    });
    // filters the store applies (status, list, text) read no more than the page
    const storeFilters = await gql(
      server,
      user.accessToken,
      `{ a: tasks(filter: { status: done }) { items { id } } b: tasks(filter: { text: "x" }) { items { id } } }`,
    );
    expect(storeFilters.body.errors).toBeUndefined();
  });

  it('[GQ14] each mutation field counts against the rate limit of /api/tasks: past it nothing is written, 429 RATE_LIMITED', async () => {
    const limited = await start({ rateLimits: { authPerMinute: 100, apiPerMinute: 8, socketPer10Seconds: 100 } });
    const user = await registerUser(limited.url);
    const creates = (count: number) =>
      `mutation { ${Array.from({ length: count }, (_, index) => `c${index}: createTask(input: { title: "t${index}" }) { id }`).join(' ')} }`;
    const before = await written(limited);
    const three = await gql(limited, user.accessToken, creates(3));
    expect(three.body.errors).toBeUndefined();
    expect(await written(limited)).toBe(before + 3);
    // 3 used; this request counts 1 and its 6 writes 5 more: 9 > 8
    const six = await gql(limited, user.accessToken, creates(6));
    expect(six.status).toBe(429);
    expect(six.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(six.body.errors[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED', retryable: true, retryAfterMs: expect.any(Number) } });
    expect(six.body.errors[0].extensions.http).toBeUndefined();
    expect(six.body.data).toBeUndefined();
    expect(await written(limited)).toBe(before + 3);
  });

  it('[GQ15] a user holds at most MAX_SOCKETS_PER_USER subscriptions: past it TOO_MANY_SOCKETS with retryAfterMs; a closed one frees its place', async () => {
    const capped = await start({ socketLimits: { ...DEFAULT_SOCKET_LIMITS, maxSocketsPerUser: 2 } });
    const user = await registerUser(capped.url);
    const open = [await subscribe(capped, user.accessToken), await subscribe(capped, user.accessToken)];
    try {
      for (const subscription of open) await untilLive(capped, user.accessToken, () => subscription.events.length > 0);
      const refused = await subscribe(capped, user.accessToken);
      await waitFor(() => refused.state.ended, 5000, 'the refused subscription to end');
      expect(refused.events.at(-1).errors[0].extensions).toMatchObject({ code: 'TOO_MANY_SOCKETS', retryable: true, retryAfterMs: 30_000 });
      // another account is not counted with this one
      const other = await registerUser(capped.url);
      const theirs = await subscribe(capped, other.accessToken);
      await untilLive(capped, other.accessToken, () => theirs.events.length > 0);
      await theirs.close();

      await open.shift()!.close();
      // the server notices the closed stream when it does: subscribe until it has
      await waitFor(
        async () => {
          const again = await subscribe(capped, user.accessToken);
          try {
            await untilLive(capped, user.accessToken, () => again.events.length > 0);
            return again.events.some((event) => event.data?.taskChanged);
          } finally {
            await again.close();
          }
        },
        10_000,
        'a subscription in the freed place',
      );
    } finally {
      for (const subscription of open) await subscription.close();
    }
  });

  it('[GQ9] signing out ends that sign-in\u2019s idle subscriptions at once, with UNAUTHENTICATED; other sign-ins keep theirs', async () => {
    const user = await registerUser(server.url);
    const second = await api(server.url, 'POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
    const signedOut = await subscribe(server, user.accessToken);
    const kept = await subscribe(server, second.body.accessToken as string);
    try {
      await untilLive(server, user.accessToken, () => signedOut.events.length > 0);
      await untilLive(server, user.accessToken, () => kept.events.length > 0);
      expect((await api(server.url, 'POST', '/api/auth/logout', { body: { refreshToken: user.refreshToken } })).status).toBe(204);
      // nothing is written after the sign-out: the stream ends of itself
      await waitFor(() => signedOut.state.ended, 5000, 'the signed-out stream to end');
      expect(signedOut.events.at(-1).errors[0]).toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
        message: expect.stringMatching(/sign-in has ended/),
      });
      expect(kept.state.ended).toBe(false);
    } finally {
      await signedOut.close();
      await kept.close();
    }
  });

  it('[GQ6] input nested deeper than the limits is INVALID_MESSAGE, not INTERNAL, and logs no error', async () => {
    const user = await registerUser(server.url);
    const errorsBefore = errorLines(server).length;
    const create = 'mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }';
    // 5,000 arrays deep, written out: JSON.stringify itself would run out of stack
    const deep = `${'['.repeat(5000)}1${']'.repeat(5000)}`;
    const deepVariable = await api(server.url, 'POST', '/graphql', {
      token: user.accessToken,
      rawBody: `{"query":${JSON.stringify(create)},"variables":{"input":{"title":"t","recurrence":${deep}}}}`,
    });
    expect(deepVariable.body.errors[0]).toMatchObject({
      extensions: { code: 'INVALID_MESSAGE' },
      message: expect.stringMatching(/nests at most 16 levels/),
    });
    const deepLiteral = await gql(
      server,
      user.accessToken,
      `mutation { createTask(input: { title: "t", recurrence: ${'['.repeat(1500)}1${']'.repeat(1500)} }) { id } }`,
    );
    expect(deepLiteral.body.errors[0].extensions.code).toBe('INVALID_MESSAGE');
    const literal17 = await gql(
      server,
      user.accessToken,
      `mutation { createTask(input: { title: "t", recurrence: ${'['.repeat(17)}1${']'.repeat(17)} }) { id } }`,
    );
    expect(literal17.body.errors[0]).toMatchObject({
      extensions: { code: 'INVALID_MESSAGE' },
      message: expect.stringMatching(/nests at most 16/),
    });
    expect(errorLines(server)).toHaveLength(errorsBefore);
    expect((await api(server.url, 'GET', '/api/tasks', { token: user.accessToken })).body.tasks).toEqual([]);
  });

  it('[GQ5] a viewer\u2019s updateTask is FORBIDDEN whatever expectedRevision it names, never a TaskConflict', async () => {
    const viewer = await registerUser(server.url);
    const owner = await registerUser(server.url);
    const list = await api(server.url, 'POST', '/api/lists', { token: owner.accessToken, body: { name: 'Look only' } });
    await shareWithoutMail(server, owner, list.body.id, viewer, 'viewer');
    const task = await api(server.url, 'POST', '/api/tasks', { token: owner.accessToken, body: { title: 'Theirs', listId: list.body.id } });
    await api(server.url, 'PATCH', `/api/tasks/${task.body.id}`, { token: owner.accessToken, body: { title: 'Theirs, edited' } });
    const update = `mutation($id: ID!, $rev: Int) {
      updateTask(id: $id, expectedRevision: $rev, patch: { title: "Mine now" }) { __typename }
    }`;
    const current = (await api(server.url, 'GET', `/api/tasks/${task.body.id}`, { token: viewer.accessToken })).body.seq as number;
    for (const rev of [task.body.seq as number, current]) {
      const answer = await gql(server, viewer.accessToken, update, { id: task.body.id, rev });
      expect({ rev, code: answer.body.errors?.[0]?.extensions?.code }).toEqual({ rev, code: 'FORBIDDEN' });
    }
    expect((await api(server.url, 'GET', `/api/tasks/${task.body.id}`, { token: owner.accessToken })).body.title).toBe('Theirs, edited');
  });

  it('[GQ11] where introspection is off, refusals carry no "Did you mean" hints; in development they do', async () => {
    const production = await start({ http: { production: true } });
    const user = await registerUser(production.url);
    const typo = await gql(production, user.accessToken, '{ viewr { id } tasks(filter: { status: dne }) { items { titel } } }');
    expect(typo.body.errors.length).toBeGreaterThan(0);
    const badEnum = await gql(production, user.accessToken, 'query($s: TaskStatus) { tasks(filter: { status: $s }) { items { id } } }', {
      s: 'dne',
    });
    expect(badEnum.body.errors[0].extensions.code).toBe('INVALID_MESSAGE');
    for (const error of [...typo.body.errors, ...badEnum.body.errors]) {
      expect(error.extensions.code).toBe('INVALID_MESSAGE');
      expect(error.message).not.toMatch(/Did you mean/);
    }
    const developer = await registerUser(server.url);
    const hinted = await gql(server, developer.accessToken, '{ viewr { id } }');
    expect(hinted.body.errors[0].message).toMatch(/Did you mean "viewer"\?/);
  });
});
