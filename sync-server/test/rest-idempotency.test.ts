import { visibleItems } from '@tasklane/shared/domain/checklist';
import type { StoredTask } from '@tasklane/shared/domain/task';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { registerUser, type ApiResponse, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createEmbeddedStore } from '../src/store/sqlite/embedded-store';
import type { Store } from '../src/store/store';

/**
 * docs/protocol.md [R10], [LR6]: `POST` and `PATCH /api/tasks` with an `Idempotency-Key`. The
 * store here writes the push and then answers 503 once, as a store whose
 * answer was lost after the commit would: the client cannot know the task
 * exists and retries.
 */
describe('REST create with an Idempotency-Key', () => {
  const temp = makeTempDir('idempotency');
  let server: TestServer;
  let failNextAnswer = false;

  beforeAll(async () => {
    const real = createEmbeddedStore({ dataDir: temp.dir });
    const store: Store = {
      ...real,
      async applyPush(userId, rows) {
        const outcome = await real.applyPush(userId, rows);
        if (failNextAnswer) {
          failNextAnswer = false;
          throw new ProtocolError('UNAVAILABLE', 'the answer was lost after the commit', { retryAfterMs: 100 });
        }
        return outcome;
      },
    };
    server = await startTestServer({ store });
  });
  afterAll(async () => {
    await server.close();
    temp.remove();
  });

  async function send(method: string, path: string, user: RegisteredUser, body: unknown, key?: string): Promise<ApiResponse> {
    const headers: Record<string, string> = { authorization: `Bearer ${user.accessToken}`, 'content-type': 'application/json' };
    if (key !== undefined) headers['idempotency-key'] = key;
    const response = await fetch(`${server.url}${path}`, { method, headers, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json(), headers: response.headers };
  }
  const post = (user: RegisteredUser, body: unknown, key?: string) => send('POST', '/api/tasks', user, body, key);
  const patch = (user: RegisteredUser, id: string, body: unknown, key?: string) => send('PATCH', `/api/tasks/${id}`, user, body, key);
  const stored = async (user: RegisteredUser) => (await server.store.pullChanges(user.id, 0, 1000)).filter((task) => !task._deleted);

  it('[R10] a create answered 503 after its commit, retried with the same key and body, gets 201 and the same task: no duplicate', async () => {
    const user = await registerUser(server.url);
    const body = { title: 'Pay the rent', tags: ['home'], priority: 'high' };
    failNextAnswer = true;
    const first = await post(user, body, 'create-7f3a9c');
    expect(first.status).toBe(503);
    const retry = await post(user, body, 'create-7f3a9c');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toMatchObject({ title: 'Pay the rent', tags: ['home'], priority: 'high' });
    const again = await post(user, body, 'create-7f3a9c');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(retry.body);
    expect((await stored(user)).map((task) => task.id)).toEqual([retry.body.id]);

    // A first attempt that got through is not marked as a replay; another key is another task.
    const other = await post(user, body, 'create-other');
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(other.body.id).not.toBe(retry.body.id);
    expect(await stored(user)).toHaveLength(2);
  });

  it('[R10] the same key with a different body is 409 CONFLICT and changes nothing; so is a key whose task was deleted since', async () => {
    const user = await registerUser(server.url);
    const created = await post(user, { title: 'Call the plumber' }, 'key-1');
    expect(created.status).toBe(201);
    const different = await post(user, { title: 'Call the electrician' }, 'key-1');
    expect(different.status).toBe(409);
    expect(different.body.error).toMatchObject({ code: 'CONFLICT', retryable: false });
    expect((await stored(user)).map((task) => task.title)).toEqual(['Call the plumber']);

    const removed = await fetch(`${server.url}/api/tasks/${created.body.id as string}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${user.accessToken}` },
    });
    expect(removed.status).toBe(204);
    const afterDelete = await post(user, { title: 'Call the plumber' }, 'key-1');
    expect(afterDelete.status).toBe(409);
    expect(await stored(user)).toEqual([]);
  });

  it('[R10] a bad key, or a key together with an id, is 400 INVALID_MESSAGE and writes nothing', async () => {
    const user = await registerUser(server.url);
    for (const key of ['', 'x'.repeat(129), 'has space', 'a,b', 'ü-key']) {
      const response = await post(user, { title: 'Never written' }, key);
      expect([key, response.status, response.body.error?.code]).toEqual([key, 400, 'INVALID_MESSAGE']);
    }
    const both = await post(user, { id: 'client-id-1', title: 'Never written' }, 'key-with-id');
    expect(both.status).toBe(400);
    expect(both.body.error.code).toBe('INVALID_MESSAGE');
    expect(await stored(user)).toEqual([]);
  });

  it('[R10] [LR5] a keyed create with a checklist replays: its items get the same ids on every attempt', async () => {
    const user = await registerUser(server.url);
    const body = { title: 'Pack', checklist: [{ text: 'Passport' }, { text: 'Charger', done: true }], recurrence: null };
    failNextAnswer = true;
    expect((await post(user, body, 'pack-1')).status).toBe(503);
    const retry = await post(user, body, 'pack-1');
    expect({ status: retry.status, replayed: retry.headers.get('idempotent-replayed') }).toEqual({ status: 201, replayed: 'true' });
    expect(visibleItems((retry.body as StoredTask).checklist).map((item) => item.text)).toEqual(['Passport', 'Charger']);
    expect(await stored(user)).toHaveLength(1);
  });

  it('[LR6] [LR4] a completion answered 503 after its commit, retried with the same key, completes its occurrence once; a new key completes the next', async () => {
    const user = await registerUser(server.url);
    const daily = { frequency: 'daily', interval: 1, end: { kind: 'never' } };
    const task = (await post(user, { title: 'Stretch', due: { date: '2026-07-01' }, recurrence: daily })).body;
    failNextAnswer = true;
    expect((await patch(user, task.id, { status: 'done' }, 'done-0701')).status).toBe(503);
    const retry = await patch(user, task.id, { status: 'done' }, 'done-0701');
    expect({ status: retry.status, replayed: retry.headers.get('idempotent-replayed') }).toEqual({ status: 200, replayed: null });
    expect(retry.body).toMatchObject({ occurrence: 1, due: { date: '2026-07-02' }, status: 'todo' });
    const again = await patch(user, task.id, { status: 'done' }, 'done-0701');
    expect({ status: again.status, replayed: again.headers.get('idempotent-replayed') }).toEqual({ status: 200, replayed: 'true' });
    expect(again.body).toEqual(retry.body);
    const next = await patch(user, task.id, { status: 'done' }, 'done-0702');
    expect(next.body).toMatchObject({ occurrence: 2, due: { date: '2026-07-03' } });
    // Without a key every request is a new completion ([LR4]).
    expect((await patch(user, task.id, { status: 'done' })).body).toMatchObject({ occurrence: 3 });
    expect((await patch(user, task.id, { status: 'done' })).body).toMatchObject({ occurrence: 4 });
  });

  it('[LR6] a key used for another edit, or another task, is 409 CONFLICT and changes nothing; concurrent attempts complete once', async () => {
    const user = await registerUser(server.url);
    const daily = { frequency: 'daily', interval: 1, end: { kind: 'never' } };
    const task = (await post(user, { title: 'Walk', due: { date: '2026-07-01' }, recurrence: daily })).body;
    const other = (await post(user, { title: 'Other' })).body;
    const attempts = await Promise.all([1, 2, 3].map(() => patch(user, task.id, { status: 'done' }, 'walk-1')));
    expect(attempts.map((attempt) => attempt.status)).toEqual([200, 200, 200]);
    expect(attempts.filter((attempt) => attempt.headers.get('idempotent-replayed') === 'true')).toHaveLength(2);
    const before = await stored(user);
    expect(before.find((stored) => stored.id === task.id)).toMatchObject({ occurrence: 1 });
    for (const [id, body] of [
      [task.id, { status: 'done', title: 'Walk the dog' }],
      [other.id, { status: 'done' }],
    ] as const) {
      const refused = await patch(user, id, body, 'walk-1');
      expect({ status: refused.status, code: refused.body.error?.code }).toEqual({ status: 409, code: 'CONFLICT' });
    }
    expect(await stored(user)).toEqual(before);
  });

  it('[R10] concurrent attempts with one key make one task; two users with the same key make two unrelated tasks', async () => {
    const alice = await registerUser(server.url);
    const bob = await registerUser(server.url);
    const attempts = await Promise.all([1, 2, 3, 4].map(() => post(alice, { title: 'Once only' }, 'same-key')));
    expect(attempts.map((attempt) => attempt.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(attempts.map((attempt) => String(attempt.body.id))).size).toBe(1);
    expect(await stored(alice)).toHaveLength(1);

    const bobs = await post(bob, { title: 'Once only' }, 'same-key');
    expect(bobs.status).toBe(201);
    expect(bobs.headers.get('idempotent-replayed')).toBeNull();
    expect(bobs.body.id).not.toBe(attempts[0]!.body.id);
  });
});
