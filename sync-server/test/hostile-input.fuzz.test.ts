import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { ERROR_CODES } from '@tasklane/shared/protocol/error-codes';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, type TestSocket } from '@tasklane/testkit/sync-socket';

const REST_RUNS = 5000;
const SOCKET_RUNS = 5000;
const FUZZ_SEED = 20261128;

const POISON_KEYS = ['__proto__', 'constructor', 'prototype', '$where', '$gt', 'userId', 'seq\u0000', '\u202Etitle', ''];

/** Values that are wrong for every task field: none of them can make a request valid. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    { $gt: '' },
    { $ne: null },
    { $where: 'sleep(1000)' },
    { __proto__: { admin: true } },
    { constructor: { prototype: { polluted: true } } },
  ),
  fc.string({ minLength: 10_001, maxLength: 10_050 }),
  fc
    .letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.constant('leaf'),
        fc.record({ deeper: tie('node') }),
        fc.array(tie('node'), { maxLength: 2 }),
      ),
    }))
    .node.map((node) => ({ nested: node })),
  fc.integer({ min: 100, max: 1000 }).map((depth) => {
    let value: unknown = 'bottom';
    for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? [value] : { value };
    return value;
  }),
  // NaN and Infinity are left out: JSON turns them into null, which is valid for some fields.
  fc.constantFrom(-1e308, 2 ** 60, -0.5),
  fc.array(fc.object(), { minLength: 1, maxLength: 3 }),
);

/** Strings that are never a valid enum, date or id: odd Unicode included. */
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).map((text) => `\u0000${text}`),
  fc.constantFrom(
    '\uD800',
    '\u202E\u0000',
    'ＴＯＤＯ',
    'todo ',
    '2026-13-45T99:99:99Z',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    // Past every id (64) and order key (128) bound.
    'a'.repeat(129),
  ),
);

function poison(base: Record<string, unknown>): fc.Arbitrary<unknown> {
  const fields = Object.keys(base);
  return fc.oneof(
    fc
      .tuple(fc.constantFrom(...POISON_KEYS), fc.anything())
      .map(
        ([key, value]) =>
          JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value ?? null) ?? 'null'},${JSON.stringify(base).slice(1)}`) as unknown,
      ),
    fc.tuple(fc.constantFrom(...fields), hostileValue).map(([field, value]) => ({ ...base, [field]: value })),
    fc
      .tuple(
        fc.constantFrom(...fields.filter((field) => !['title', 'description', 'tags', 'password', 'name'].includes(field))),
        hostileString,
      )
      .map(([field, value]) => ({ ...base, [field]: value })),
    fc
      .anything({ maxDepth: 4, withObjectString: true, withNullPrototype: true })
      .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length > 0),
  );
}

type Snapshot = {
  users: unknown[];
  tasks: { doc: string }[];
  lists: { id: string }[];
  refreshTokens: unknown[];
  sharing: { members: unknown[]; invitations: unknown[]; feed: unknown[] };
};
function snapshot(dataDir: string): Snapshot {
  const db = new Database(path.join(dataDir, 'tasklane.sqlite'), { readonly: true });
  try {
    return {
      users: db.prepare('SELECT * FROM users ORDER BY id').all(),
      tasks: db.prepare<[], { doc: string }>('SELECT * FROM tasks ORDER BY user_id, id').all(),
      lists: db.prepare<[], { id: string }>('SELECT * FROM lists ORDER BY user_id, id').all(),
      refreshTokens: db.prepare('SELECT * FROM refresh_tokens ORDER BY id').all(),
      sharing: {
        members: db.prepare('SELECT * FROM list_members ORDER BY list_id, user_id').all(),
        invitations: db.prepare('SELECT * FROM list_invitations ORDER BY id').all(),
        feed: db.prepare('SELECT * FROM feed ORDER BY user_id, seq').all(),
      },
    };
  } finally {
    db.close();
  }
}

function expectCleanRefusal(status: number, body: { error?: { code?: unknown; message?: unknown } }): void {
  expect(status).toBeGreaterThanOrEqual(400);
  expect(status).toBeLessThan(500);
  expect(ERROR_CODES).toContain(body.error?.code);
  expect(typeof body.error?.message).toBe('string');
}

describe('hostile input fuzz (the server never crashes, never answers 5xx, changes nothing)', () => {
  let server: TestServer;
  let user: RegisteredUser;
  let other: RegisteredUser;
  let socket: TestSocket;
  let before: Snapshot;

  beforeAll(async () => {
    server = await startTestServer();
    user = await registerUser(server.url);
    other = await registerUser(server.url);
    const existing = makeTask({ title: 'must stay as it is' });
    socket = await connectSocket(server.url, user.accessToken);
    await socket.push({ rows: [{ newDocumentState: existing }] });
    await socket.pushLists({ rows: [{ newDocumentState: makeList({ name: 'must stay as it is' }) }] });
    before = snapshot(server.dataDir);
  });
  afterAll(async () => {
    socket.close();
    await server.close();
  });

  it(`[HF1] [SH2] ${REST_RUNS} generated REST bodies (tasks, auth, invitations, members, owners) and queries are refused with a stable code`, async () => {
    const validTask = { title: 'ok', description: '', status: 'todo', priority: 'low', assignee: null, due: null, tags: [] };
    const ownList = before.lists.find((list) => list.id !== 'inbox')?.id ?? 'x';
    const someone = '7a6b8a3e-7f2d-4f0e-9a7c-1d2e3f4a5b6c';
    const credentials = { email: 'someone@example.com', password: 'long enough password' };
    const targets = [
      { method: 'POST', path: '/api/auth/register', base: credentials },
      { method: 'POST', path: '/api/auth/login', base: credentials },
      { method: 'POST', path: '/api/auth/refresh', base: { refreshToken: 'x' } },
      { method: 'POST', path: '/api/auth/logout', base: { refreshToken: 'x' } },
      { method: 'POST', path: '/api/tasks', base: validTask },
      {
        method: 'PATCH',
        path: `/api/tasks/${before.tasks[0] ? (JSON.parse(before.tasks[0].doc) as { id: string }).id : 'x'}`,
        base: validTask,
      },
      { method: 'POST', path: `/api/lists/${ownList}/invitations`, base: { email: 'friend@example.com', role: 'editor' } },
      { method: 'PATCH', path: `/api/lists/${ownList}/members/${someone}`, base: { role: 'viewer' } },
      { method: 'POST', path: `/api/lists/${ownList}/owner`, base: { userId: someone } },
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...targets).chain((target) => fc.tuple(fc.constant(target), poison(target.base))),
        async ([target, body]) => {
          const raw = JSON.stringify(body);
          const response = await api(server.url, target.method, target.path, {
            token: user.accessToken,
            rawBody: raw === undefined ? 'undefined' : raw,
          });
          expectCleanRefusal(response.status, response.body);
        },
      ),
      { numRuns: REST_RUNS - 500, seed: FUZZ_SEED },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('status', 'q', 'assignee', 'limit', 'cursor', '__proto__', '$gt', 'status[$ne]'),
          fc.oneof(hostileString, fc.string({ minLength: 201, maxLength: 400 })),
          { minKeys: 1 },
        ),
        async (query) => {
          const search = new URLSearchParams(query).toString();
          const response = await api(server.url, 'GET', `/api/tasks?${search}`, { token: user.accessToken });
          if (response.status === 200) {
            expect(Array.isArray(response.body.tasks)).toBe(true);
          } else {
            expectCleanRefusal(response.status, response.body);
          }
        },
      ),
      { numRuns: 500, seed: FUZZ_SEED },
    );
  }, 180_000);

  it(`[HF2] [CO1] [RJ9] ${SOCKET_RUNS} generated socket payloads (tasks, lists, the collection field) get INVALID_MESSAGE, whole or for their one row`, async () => {
    const row = { newDocumentState: makeTask() };
    const listRow = { newDocumentState: makeList() };
    const asPoisoned = (value: object) => value as unknown as Record<string, unknown>;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constant('pull').chain((event) => fc.tuple(fc.constant(event), poison({ checkpoint: null, limit: 10 }))),
          fc.constant('pull').chain((event) => fc.tuple(fc.constant(event), poison({ collection: 'lists', checkpoint: null, limit: 10 }))),
          fc.constant('push').chain((event) => fc.tuple(fc.constant(event), poison({ collection: 'lists', rows: [listRow] }))),
          fc.constant('push').chain((event) =>
            fc.tuple(
              fc.constant(event),
              poison(asPoisoned(listRow.newDocumentState)).map((bad) => ({ collection: 'lists', rows: [{ newDocumentState: bad }] })),
            ),
          ),
          // A row of the other collection: a task pushed as a list, a list pushed as a task.
          fc
            .constant('push')
            .chain((event) =>
              fc.tuple(
                fc.constant(event),
                fc.constantFrom({ collection: 'lists', rows: [row] }, { rows: [listRow] }, { collection: 'tasks', rows: [listRow] }),
              ),
            ),
          fc.constant('push').chain((event) => fc.tuple(fc.constant(event), poison({ rows: [row] }))),
          fc.constant('push').chain((event) =>
            fc.tuple(
              fc.constant(event),
              poison(asPoisoned(row)).map((bad) => ({ rows: [bad] })),
            ),
          ),
          fc.constant('push').chain((event) =>
            fc.tuple(
              fc.constant(event),
              poison(asPoisoned(row.newDocumentState)).map((bad) => ({ rows: [{ newDocumentState: bad }] })),
            ),
          ),
        ),
        async ([event, payload]) => {
          const ack = event === 'pull' ? await socket.pull(payload) : await socket.push(payload);
          if (!ack.ok) {
            expect(ack.error.code).toBe('INVALID_MESSAGE');
            return;
          }
          // [RJ9] A push whose envelope holds but whose one document does not: that row refused, bounded, quoting no key.
          expect(event).toBe('push');
          const { rows } = payload as { rows: { newDocumentState: { id: string } }[] };
          expect(ack.data).toEqual({
            conflicts: [],
            refused: [{ id: rows[0]!.newDocumentState.id, code: 'INVALID_MESSAGE', message: expect.any(String) }],
          });
          const { message } = (ack.data as unknown as { refused: { message: string }[] }).refused[0]!;
          expect(message.length).toBeLessThanOrEqual(500);
          for (const key of POISON_KEYS.filter((poisoned) => poisoned.length > 0)) expect(message).not.toContain(key);
        },
      ),
      { numRuns: SOCKET_RUNS, seed: FUZZ_SEED },
    );
    expect(socket.socket.connected).toBe(true);
  }, 180_000);

  it("[AS3] assignees that are garbage, an uppercase id or other users' ids are refused with a stable code over REST and the socket", async () => {
    const stored = JSON.parse(before.tasks[0]!.doc) as { id: string };
    const someone = '7a6b8a3e-7f2d-4f0e-9a7c-1d2e3f4a5b6c';
    const values: [unknown, string][] = [
      [someone, 'INVALID_ASSIGNEE'],
      [other.id, 'INVALID_ASSIGNEE'],
      [user.id.toUpperCase(), 'INVALID_MESSAGE'],
      [` ${user.id}`, 'INVALID_MESSAGE'],
      ['me', 'INVALID_MESSAGE'],
      ['', 'INVALID_MESSAGE'],
      [{ $ne: null }, 'INVALID_MESSAGE'],
      [[user.id], 'INVALID_MESSAGE'],
      [42, 'INVALID_MESSAGE'],
    ];
    for (const [assignee, code] of values) {
      const posted = await api(server.url, 'POST', '/api/tasks', { token: user.accessToken, body: { title: 'assigned', assignee } });
      expect([posted.status, posted.body.error?.code]).toEqual([400, code]);
      const patched = await api(server.url, 'PATCH', `/api/tasks/${stored.id}`, { token: user.accessToken, body: { assignee } });
      expect([patched.status, patched.body.error?.code]).toEqual([400, code]);
      const task = makeTask({ title: 'assigned' });
      const ack = await socket.push({ rows: [{ newDocumentState: { ...task, assignee } }] });
      expect(ack).toEqual({ ok: true, data: { conflicts: [], refused: [{ id: task.id, code, message: expect.any(String) }] } });
    }
  });

  it('[HF3] afterwards the store is byte-for-byte unchanged, nothing was polluted and nothing unexpected was logged', async () => {
    expect(snapshot(server.dataDir)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(server.logLines.filter((line) => line.includes('"level":50'))).toEqual([]);
    expect((await api(server.url, 'GET', '/health')).status).toBe(200);
  });
});
