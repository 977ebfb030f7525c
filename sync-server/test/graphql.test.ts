import { getIntrospectionQuery } from 'graphql';
import type { StoredTask } from '@tasklane/shared/domain/task';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startTestServer, TEST_TOKEN_SECRETS, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, waitFor, type TestSocket } from '@tasklane/testkit/sync-socket';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { shareWithoutMail } from './support/sharing-people';
import { gql, subscribeSse, untilLive, type GraphqlAnswer as Answer } from './support/graphql-client';

const TASK_FIELDS = 'id title status priority listId assignee tags revision deleted due { date at timeZone } checklist { id text done }';

const subscribe = subscribeSse;

describe('GraphQL API (docs/graphql.md)', () => {
  let server: TestServer;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await server.close();
  });

  const create = async (user: RegisteredUser, input: Record<string, unknown>): Promise<StoredTask & { revision: number }> => {
    const answer = await gql(
      server,
      user.accessToken,
      `mutation($input: CreateTaskInput!) { createTask(input: $input) { ${TASK_FIELDS} } }`,
      {
        input,
      },
    );
    if (answer.body.errors) throw new Error(JSON.stringify(answer.body.errors));
    return answer.body.data.createTask as StoredTask & { revision: number };
  };

  const listTitles = async (user: RegisteredUser, filter: Record<string, unknown> = {}, first = 50): Promise<string[]> => {
    const answer = await gql(
      server,
      user.accessToken,
      'query($f: TaskFilter, $n: Int) { tasks(filter: $f, first: $n) { items { title } } }',
      {
        f: filter,
        n: first,
      },
    );
    if (answer.body.errors) throw new Error(JSON.stringify(answer.body.errors));
    return (answer.body.data.tasks.items as { title: string }[]).map((task) => task.title).sort();
  };

  it('[GQ1] needs the bearer access token of REST: none or a bad one is 401 UNAUTHENTICATED as a GraphQL error; the viewer is the caller', async () => {
    const missing = await gql(server, undefined, '{ viewer { id } }');
    expect(missing.status).toBe(401);
    expect(missing.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(missing.body.data).toBeUndefined();
    const forged = await gql(server, 'not.a.token', '{ viewer { id } }');
    expect(forged.status).toBe(401);
    expect(forged.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const user = await registerUser(server.url);
    const refreshAsAccess = await gql(server, user.refreshToken, '{ viewer { id } }');
    expect(refreshAsAccess.status).toBe(401);
    const viewer = await gql(server, user.accessToken, '{ viewer { id email } }');
    expect(viewer.status).toBe(200);
    expect(viewer.body).toEqual({ data: { viewer: { id: user.id, email: user.email } } });
    const byGet = await api(server.url, 'GET', `/graphql?query=${encodeURIComponent('{ viewer { id } }')}`, { token: user.accessToken });
    expect(byGet.body).toEqual({ data: { viewer: { id: user.id } } });
    const elsewhere = await api(server.url, 'POST', '/graphql/other', { token: user.accessToken, body: { query: '{ viewer { id } }' } });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.errors[0].extensions.code).toBe('NOT_FOUND');

    // [AU17] a signed-out sign-in is refused here as on REST
    expect((await api(server.url, 'POST', '/api/auth/logout', { body: { refreshToken: user.refreshToken } })).status).toBe(204);
    expect((await gql(server, user.accessToken, '{ viewer { id } }')).status).toBe(401);
  });

  it('[GQ3] tasks filter by list, status, due range, tag and text, and page with REST\u2019s cursor', async () => {
    const user = await registerUser(server.url);
    const list = await api(server.url, 'POST', '/api/lists', { token: user.accessToken, body: { name: 'Work' } });
    expect(list.status).toBe(201);
    await create(user, { title: 'Quarterly report', listId: list.body.id, tags: ['work'], due: { date: '2030-03-10' } });
    await create(user, { title: 'Buy milk', tags: ['home'], due: { at: '2030-03-12T23:30:00Z', timeZone: 'America/New_York' } });
    await create(user, { title: 'Call the plumber', tags: ['home', 'urgent'], status: 'done' });
    await create(user, { title: 'Report expenses', tags: ['work'], due: { date: '2030-04-01' } });

    expect(await listTitles(user)).toEqual(['Buy milk', 'Call the plumber', 'Quarterly report', 'Report expenses']);
    expect(await listTitles(user, { listId: list.body.id })).toEqual(['Quarterly report']);
    expect(await listTitles(user, { status: 'done' })).toEqual(['Call the plumber']);
    expect(await listTitles(user, { tag: 'home' })).toEqual(['Buy milk', 'Call the plumber']);
    expect(await listTitles(user, { text: 'repo' })).toEqual(['Quarterly report', 'Report expenses']);
    // a timed due counts on its day in its own zone: 23:30Z on the 12th is the 12th in New York
    expect(await listTitles(user, { dueFrom: '2030-03-10', dueTo: '2030-03-12' })).toEqual(['Buy milk', 'Quarterly report']);
    expect(await listTitles(user, { dueFrom: '2030-03-13' })).toEqual(['Report expenses']);
    expect(await listTitles(user, { tag: 'work', dueTo: '2030-03-31' })).toEqual(['Quarterly report']);

    // pages: newest first, each cursor goes on where the last page stopped, with and without in-memory filters
    for (const filter of [{}, { tag: 'work' }]) {
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page: Answer = await gql(
          server,
          user.accessToken,
          'query($f: TaskFilter, $a: String) { tasks(filter: $f, first: 1, after: $a) { items { title } nextCursor } }',
          {
            f: filter,
            a: after,
          },
        );
        expect(page.body.errors).toBeUndefined();
        seen.push(...(page.body.data.tasks.items as { title: string }[]).map((task) => task.title));
        after = page.body.data.tasks.nextCursor;
      } while (after !== null);
      expect(seen).toEqual(
        filter.tag ? ['Report expenses', 'Quarterly report'] : ['Report expenses', 'Call the plumber', 'Buy milk', 'Quarterly report'],
      );
    }

    const bad = await gql(server, user.accessToken, '{ tasks(filter: { dueFrom: "2030-02-30" }) { items { id } } }');
    expect(bad.body.errors[0].extensions.code).toBe('INVALID_MESSAGE');
    expect(bad.body.errors[0].message).toContain('dueFrom');
    const badCursor = await gql(server, user.accessToken, '{ tasks(after: "bm90IG91cnM") { items { id } } }');
    expect(badCursor.body.errors[0].extensions.code).toBe('INVALID_MESSAGE');
  });

  it('[GQ2] [GQ4] scoped like REST: another account\u2019s tasks and lists never appear, its ids are null or NOT_FOUND and change nothing; a list shared then removed leaves', async () => {
    const owner = await registerUser(server.url);
    const member = await registerUser(server.url);
    const stranger = await registerUser(server.url);
    const shared = await api(server.url, 'POST', '/api/lists', { token: owner.accessToken, body: { name: 'Family' } });
    const privateTask = await create(owner, { title: 'Owner only' });
    const sharedTask = await create(owner, { title: 'Family errand', listId: shared.body.id });
    await create(stranger, { title: 'Stranger thing' });

    await shareWithoutMail(server, owner, shared.body.id, member, 'editor');

    expect(await listTitles(member)).toEqual(['Family errand']);
    const memberLists = await gql(server, member.accessToken, '{ lists { items { id name } } }');
    expect((memberLists.body.data.lists.items as { name: string }[]).map((list) => list.name).sort()).toEqual(['Family', 'Inbox']);
    const seen = await gql(server, member.accessToken, `query($id: ID!) { task(id: $id) { title } }`, { id: sharedTask.id });
    expect(seen.body.data.task).toEqual({ title: 'Family errand' });

    // another account's task: null to read, NOT_FOUND to write, and nothing changes
    for (const id of [privateTask.id, 'no-such-task']) {
      const read = await gql(server, stranger.accessToken, `query($id: ID!) { task(id: $id) { title } }`, { id });
      expect(read.body).toEqual({ data: { task: null } });
      for (const mutation of [
        'mutation($id: ID!) { completeTask(id: $id) { id } }',
        'mutation($id: ID!) { deleteTask(id: $id) }',
        'mutation($id: ID!) { updateTask(id: $id, patch: { title: "Mine now" }) { __typename } }',
        'mutation($id: ID!) { updateTask(id: $id, expectedRevision: 1, patch: { title: "Mine now" }) { __typename } }',
      ]) {
        const write = await gql(server, stranger.accessToken, mutation, { id });
        expect(write.body.errors[0].extensions.code).toBe('NOT_FOUND');
        expect(write.body.data).toBeNull();
      }
    }
    const untouched = await api(server.url, 'GET', `/api/tasks/${privateTask.id}`, { token: owner.accessToken });
    expect(untouched.body).toMatchObject({ title: 'Owner only', status: 'todo', seq: privateTask.revision });
    expect(await listTitles(stranger)).toEqual(['Stranger thing']);
    expect(await listTitles(stranger, { listId: shared.body.id })).toEqual([]);
    const intoForeignList = await gql(
      server,
      stranger.accessToken,
      'mutation($l: ID!) { createTask(input: { title: "x", listId: $l }) { id } }',
      {
        l: shared.body.id,
      },
    );
    expect(intoForeignList.body.errors[0].extensions.code).toBe('INVALID_MESSAGE');

    // removed from the list: its tasks and the list are gone for the member, and writes to them are refused
    expect(
      (await api(server.url, 'DELETE', `/api/lists/${shared.body.id}/members/${member.id}`, { token: owner.accessToken })).status,
    ).toBe(204);
    expect(await listTitles(member)).toEqual([]);
    const afterLists = await gql(server, member.accessToken, '{ lists { items { name } } }');
    expect(afterLists.body.data.lists.items).toEqual([{ name: 'Inbox' }]);
    expect(
      (await gql(server, member.accessToken, `query($id: ID!) { task(id: $id) { title } }`, { id: sharedTask.id })).body.data.task,
    ).toBeNull();
    const lateEdit = await gql(server, member.accessToken, 'mutation($id: ID!) { completeTask(id: $id) { id } }', { id: sharedTask.id });
    expect(['NOT_FOUND', 'FORBIDDEN']).toContain(lateEdit.body.errors[0].extensions.code);
  });

  it('[GQ5] updateTask with an expectedRevision that is not the current one returns TaskConflict with the current task and writes nothing', async () => {
    const user = await registerUser(server.url);
    const task = await create(user, { title: 'Draft' });
    const update = `mutation($id: ID!, $rev: Int, $patch: TaskPatch!) {
      updateTask(id: $id, expectedRevision: $rev, patch: $patch) {
        __typename
        ... on TaskUpdated { task { title revision } }
        ... on TaskConflict { expectedRevision current { title revision } }
      }
    }`;
    const first = await gql(server, user.accessToken, update, { id: task.id, rev: task.revision, patch: { title: 'Second draft' } });
    expect(first.body.data.updateTask.__typename).toBe('TaskUpdated');
    const revision = first.body.data.updateTask.task.revision as number;
    expect(revision).toBeGreaterThan(task.revision);

    const stale = await gql(server, user.accessToken, update, { id: task.id, rev: task.revision, patch: { title: 'Lost edit' } });
    expect(stale.body.data.updateTask).toEqual({
      __typename: 'TaskConflict',
      expectedRevision: task.revision,
      current: { title: 'Second draft', revision },
    });
    const stored = await api(server.url, 'GET', `/api/tasks/${task.id}`, { token: user.accessToken });
    expect(stored.body).toMatchObject({ title: 'Second draft', seq: revision });

    // without a revision the patch applies to the task as it is, as REST's PATCH
    const blind = await gql(server, user.accessToken, update, { id: task.id, patch: { priority: 'high', due: { date: '2031-01-02' } } });
    expect(blind.body.data.updateTask.task.title).toBe('Second draft');
    const cleared = await gql(server, user.accessToken, update, { id: task.id, patch: { due: null } });
    expect(cleared.body.errors).toBeUndefined();
    expect((await api(server.url, 'GET', `/api/tasks/${task.id}`, { token: user.accessToken })).body).toMatchObject({
      priority: 'high',
      due: null,
    });
  });

  it('[GQ6] validated as REST validates: the same refusals with the same codes in extensions.code, and nothing written', async () => {
    const user = await registerUser(server.url);
    const other = await registerUser(server.url);
    const cases: [string, Record<string, unknown>, string][] = [
      ['empty title', { title: '' }, 'INVALID_MESSAGE'],
      ['duplicate tags', { title: 't', tags: ['a', 'a'] }, 'INVALID_MESSAGE'],
      ['bad due', { title: 't', due: { date: '2030-13-01' } }, 'INVALID_MESSAGE'],
      ['unknown list', { title: 't', listId: 'nope' }, 'INVALID_MESSAGE'],
      ['bidi override', { title: 'evil \u202e txt' }, 'UNSAFE_TEXT'],
      ['foreign assignee', { title: 't', assignee: other.id }, 'INVALID_ASSIGNEE'],
    ];
    for (const [what, input, code] of cases) {
      const answer = await gql(server, user.accessToken, 'mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }', {
        input,
      });
      expect({ what, code: answer.body.errors?.[0]?.extensions?.code }).toEqual({ what, code });
    }
    const wrongType = await gql(server, user.accessToken, 'mutation { createTask(input: { title: 5 }) { id } }');
    expect(wrongType.body.errors[0].extensions.code).toBe('INVALID_MESSAGE');
    const unknownField = await gql(server, user.accessToken, '{ tasks { items { secret } } }');
    expect(unknownField.body.errors[0].extensions.code).toBe('INVALID_MESSAGE');
    const notJson = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.accessToken}`, 'content-type': 'text/plain' },
      body: '{ viewer { id } }',
    });
    expect(notJson.status).toBe(400);
    const notJsonBody: Answer['body'] = await notJson.json();
    expect(notJsonBody.errors[0].extensions.code).toBe('INVALID_MESSAGE');
    expect(await listTitles(user)).toEqual([]);
    // a viewer of a shared list sees its task and may not write it ([SH2])
    const viewed = await api(server.url, 'POST', '/api/lists', { token: other.accessToken, body: { name: 'Look only' } });
    await shareWithoutMail(server, other, viewed.body.id, user, 'viewer');
    const theirs = await api(server.url, 'POST', '/api/tasks', {
      token: other.accessToken,
      body: { title: 'Theirs', listId: viewed.body.id },
    });
    const forbidden = await gql(server, user.accessToken, 'mutation($id: ID!) { completeTask(id: $id) { id } }', { id: theirs.body.id });
    expect(forbidden.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await api(server.url, 'GET', `/api/tasks/${theirs.body.id}`, { token: other.accessToken })).body).toMatchObject({
      status: 'todo',
      seq: theirs.body.seq,
    });
    expect(await listTitles(user)).toEqual(['Theirs']);
    // assigning oneself is fine ([AS3]); the Task type carries the field
    const mine = await create(user, { title: 'Mine', assignee: user.id });
    expect(mine.assignee).toBe(user.id);
  });

  it('[GQ7] every write goes through the sync service: a GraphQL write reaches the user\u2019s socket as changes, and is counted in sync_documents_total', async () => {
    const user = await registerUser(server.url);
    const socket = await connectSocket(server.url, user.accessToken);
    sockets.push(socket);
    const written = async () =>
      Number(
        /^sync_documents_total\{kind="written",collection="tasks"\} (\d+)$/m.exec(
          await (await fetch(`${server.metricsUrl}/metrics`)).text(),
        )?.[1] ?? 0,
      );
    const before = await written();

    const task = await create(user, { title: 'Over GraphQL', checklist: [{ text: 'step one' }] });
    await waitFor(
      () => socket.changes.some((event) => event.documents.some((doc) => doc.id === task.id)),
      5000,
      'changes of the created task',
    );
    expect(task.checklist).toEqual([{ id: expect.any(String), text: 'step one', done: false }]);
    const completed = await gql(server, user.accessToken, 'mutation($id: ID!) { completeTask(id: $id) { status revision } }', {
      id: task.id,
    });
    expect(completed.body.data.completeTask.status).toBe('done');
    await waitFor(() => socket.changes.some((event) => event.documents.some((doc) => doc.id === task.id && doc.status === 'done')));
    const deleted = await gql(server, user.accessToken, 'mutation($id: ID!) { deleteTask(id: $id) }', { id: task.id });
    expect(deleted.body.data.deleteTask).toBe(task.id);
    await waitFor(() => socket.changes.some((event) => event.documents.some((doc) => doc.id === task.id && doc._deleted)));
    expect(await written()).toBe(before + 3);
    expect((await api(server.url, 'GET', `/api/tasks/${task.id}`, { token: user.accessToken })).status).toBe(404);
  });

  it('[GQ9] taskChanged streams over server-sent events every task written for the caller (own, shared, by REST or a socket), never another account\u2019s', async () => {
    const user = await registerUser(server.url);
    const stranger = await registerUser(server.url);
    const subscription = await subscribe(server, user.accessToken, `subscription { taskChanged { id title deleted revision } }`);
    expect(subscription.status).toBe(200);
    expect(subscription.contentType).toContain('text/event-stream');
    expect(subscription.accelBuffering).toBe('no');
    try {
      // the stream is live once a write is heard: write until one is
      const titles: string[] = [];
      await waitFor(
        async () => {
          const title = `REST write ${titles.length}`;
          titles.push(title);
          expect((await api(server.url, 'POST', '/api/tasks', { token: user.accessToken, body: { title } })).status).toBe(201);
          return subscription.events.length > 0;
        },
        5000,
        'a subscription event',
      );
      await api(server.url, 'POST', '/api/tasks', { token: stranger.accessToken, body: { title: 'Not yours' } });
      // a socket push of the user's
      const socket = await connectSocket(server.url, user.accessToken);
      sockets.push(socket);
      const pushed = makeTask({ title: 'Pushed' });
      expect((await socket.push({ rows: [{ newDocumentState: pushed }] })).ok).toBe(true);
      // a write of another account into a list shared with the user
      const shared = await api(server.url, 'POST', '/api/lists', { token: stranger.accessToken, body: { name: 'Shared' } });
      await shareWithoutMail(server, stranger, shared.body.id, user, 'editor');
      const errand = await api(server.url, 'POST', '/api/tasks', {
        token: stranger.accessToken,
        body: { title: 'Shared errand', listId: shared.body.id },
      });
      await api(server.url, 'DELETE', `/api/tasks/${errand.body.id}`, { token: stranger.accessToken });
      await waitFor(
        () => subscription.events.some((event) => event.data.taskChanged.title === 'Shared errand' && event.data.taskChanged.deleted),
        5000,
        'the shared task and its deletion',
      );
      const seenTitles = subscription.events.map((event) => event.data.taskChanged.title as string);
      expect(seenTitles).toContain('Pushed');
      expect(seenTitles).not.toContain('Not yours');
      expect(seenTitles.every((title) => title.startsWith('REST write') || ['Pushed', 'Shared errand'].includes(title))).toBe(true);
    } finally {
      await subscription.close();
    }
  });

  it('[GQ9] a subscription ends when its sign-in ends (no event after sign-out reaches it) and when its access token expires', async () => {
    const user = await registerUser(server.url);
    const subscription = await subscribe(server, user.accessToken, 'subscription { taskChanged { title } }');
    try {
      await untilLive(server, user.accessToken, () => subscription.events.length > 0, { what: 'a first event' });
      const session = await api(server.url, 'POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
      expect((await api(server.url, 'POST', '/api/auth/logout', { body: { refreshToken: user.refreshToken } })).status).toBe(204);
      // written by another sign-in of the same user, which is still signed in
      expect((await api(server.url, 'POST', '/api/tasks', { token: session.body.accessToken, body: { title: 'after' } })).status).toBe(201);
      await waitFor(() => subscription.state.ended, 5000, 'the stream to end');
      expect(subscription.events.some((event) => event.data?.taskChanged?.title === 'after')).toBe(false);
      expect(subscription.events.at(-1).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    } finally {
      await subscription.close();
    }

    const shortLived = await startTestServer({
      tokens: { ...TEST_TOKEN_SECRETS, accessTtlSeconds: 1, refreshTtlSeconds: 3600 },
    });
    try {
      const other = await registerUser(shortLived.url);
      const expiring = await subscribe(shortLived, other.accessToken, 'subscription { taskChanged { title } }');
      expect(expiring.status).toBe(200);
      await waitFor(() => expiring.state.ended, 10_000, 'the stream to end at the token’s expiry');
      expect(expiring.events.at(-1).errors[0]).toMatchObject({
        message: expect.stringMatching(/access token expired/),
        extensions: { code: 'UNAUTHENTICATED' },
      });
      await expiring.close();
    } finally {
      await shortLived.close();
    }
  });

  it('[GQ10] a query too deep, too costly, with too many aliases or too long is refused with a clear INVALID_MESSAGE; a body too large is PAYLOAD_TOO_LARGE', async () => {
    const user = await registerUser(server.url);
    const deep = await gql(
      server,
      user.accessToken,
      'fragment A on Task { due { date } } fragment B on TaskPage { items { ...A } } query { tasks { ...B } t2: tasks { items { due { at } } } }',
    );
    expect(deep.body.errors).toBeUndefined();
    const costly = await gql(
      server,
      user.accessToken,
      '{ a: tasks(first: 500) { items { due { date } } } b: tasks(first: 500) { items { due { date } } } c: tasks(first: 500) { items { id } } }',
    );
    expect(costly.body.errors[0].extensions.code).toBe('INVALID_MESSAGE');
    expect(costly.body.errors[0].message).toMatch(/costs \d+ .* at most 2000/);
    expect(costly.body.data).toBeUndefined();
    const byVariable = await gql(
      server,
      user.accessToken,
      'query($n: Int) { tasks(first: $n) { items { due { date } } } x: lists(first: $n) { items { id } } }',
      { n: 1000 },
    );
    expect(byVariable.body.errors[0].message).toMatch(/costs/);
    const aliases = Array.from({ length: 11 }, (_, index) => `v${index}: viewer { id }`).join(' ');
    const aliased = await gql(server, user.accessToken, `{ ${aliases} }`);
    expect(aliased.body.errors[0]).toMatchObject({ extensions: { code: 'INVALID_MESSAGE' }, message: expect.stringContaining('aliases') });
    // the deepest a query can go is introspection's ofType chain: the standard introspection query passes, deeper does not
    const standard = await gql(server, user.accessToken, getIntrospectionQuery());
    expect(standard.body.errors).toBeUndefined();
    const chain = (levels: number): string => (levels === 0 ? 'name' : `name ofType { ${chain(levels - 1)} }`);
    const tooDeep = await gql(server, user.accessToken, `{ __schema { types { fields { type { ${chain(14)} } } } } }`);
    expect(tooDeep.body.errors[0]).toMatchObject({
      extensions: { code: 'INVALID_MESSAGE' },
      message: expect.stringMatching(/fields deep; at most 15/),
    });
    expect(tooDeep.body.data).toBeUndefined();
    const long = await gql(server, user.accessToken, `{ viewer { id } }${' '.repeat(20_001)}`);
    expect(long.status).toBe(400);
    expect(long.body.errors[0]).toMatchObject({ extensions: { code: 'INVALID_MESSAGE' }, message: expect.stringContaining('characters') });
    const huge = await api(server.url, 'POST', '/graphql', {
      token: user.accessToken,
      body: { query: '{ viewer { id } }', variables: { pad: 'x'.repeat(300 * 1024) } },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await listTitles(user)).toEqual([]);
  });
});
