import type { StoredTask } from '@tasklane/shared/domain/task';
import type { StoredTaskList } from '@tasklane/shared/domain/task-list';
import type { Ack } from '@tasklane/shared/protocol/ack';
import type { RefusedRow } from '@tasklane/shared/protocol/push';
import { registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, sleep, waitFor, type TestSocket } from '@tasklane/testkit/sync-socket';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';

type PushAck<D> = Ack<{ conflicts: D[]; refused?: RefusedRow[] }>;

const invalidRow = (id: string, message: RegExp | string = /not a valid document for this server/) => ({
  id,
  code: 'INVALID_MESSAGE',
  message: typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message),
});

/** docs/protocol.md [RJ9]: a row whose document fails the schema is refused on its own; the envelope is still checked whole. */
describe('push: invalid rows refused per row', () => {
  let server: TestServer;
  let user: RegisteredUser;
  let socket: TestSocket;
  beforeAll(async () => {
    server = await startTestServer();
    user = await registerUser(server.url);
    socket = await connectSocket(server.url, user.accessToken);
  });
  afterAll(async () => {
    socket.close();
    await server.close();
  });

  it('[RJ9] a task row that fails the schema is refused with INVALID_MESSAGE; the other rows of the push are written and broadcast, the refused one is not', async () => {
    const first = makeTask({ title: 'first' });
    const bad = { ...makeTask({ title: 'bad' }), priority: 'urgent' };
    const last = makeTask({ title: 'last' });
    const before = socket.changes.length;
    const ack = (await socket.push({ rows: [first, bad, last].map((task) => ({ newDocumentState: task })) })) as PushAck<StoredTask>;
    expect(ack).toEqual({ ok: true, data: { conflicts: [], refused: [invalidRow(bad.id, 'priority')] } });
    expect(await server.store.getTask(user.id, first.id)).toMatchObject({ title: 'first' });
    expect(await server.store.getTask(user.id, last.id)).toMatchObject({ title: 'last' });
    expect(await server.store.getTask(user.id, bad.id)).toBeNull();
    await waitFor(() => socket.changes.slice(before).flatMap((event) => event.documents).length >= 2, 5000, 'changes of the written rows');
    await sleep(100);
    const broadcast = socket.changes.slice(before).flatMap((event) => event.documents.map((task) => task.id));
    expect(broadcast.sort()).toEqual([first.id, last.id].sort());

    const again = (await socket.push({ rows: [{ newDocumentState: bad }] })) as PushAck<StoredTask>;
    expect(again).toEqual({ ok: true, data: { conflicts: [], refused: [invalidRow(bad.id, 'priority')] } });
  });

  it('[RJ9] [CO1] the same for lists: a blank name, a userId or a task among lists is refused per row; the valid list is written', async () => {
    const kept = makeList({ name: 'kept' });
    const blank = makeList({ name: '   ' });
    const owned = { ...makeList(), userId: 'someone-else' };
    const task = makeTask();
    const ack = (await socket.pushLists({
      rows: [blank, kept, owned, task].map((document) => ({ newDocumentState: document })),
    })) as PushAck<StoredTaskList>;
    expect(ack).toEqual({
      ok: true,
      data: { conflicts: [], refused: [invalidRow(blank.id, 'name'), invalidRow(owned.id, 'unknown field'), invalidRow(task.id)] },
    });
    expect(await server.store.getList(user.id, kept.id)).toMatchObject({ name: 'kept' });
    for (const id of [blank.id, owned.id, task.id]) expect(await server.store.getList(user.id, id)).toBeNull();
  });

  it('[RJ10] [W10] a base (assumedMasterState) that is no valid document never matches: over a stored document the row conflicts, a new one is inserted; both invalid is a refusal', async () => {
    const task = makeTask({ title: 'stored' });
    expect(await socket.push({ rows: [{ newDocumentState: task }] })).toEqual({ ok: true, data: { conflicts: [] } });
    const stored = (await server.store.getTask(user.id, task.id))!;
    // The device took a refused, invalid edit for the server's state ([RJ5]); its next edit is valid again.
    const refusedEdit = { ...stored, tags: ['a', 'a'] };
    const fresh = makeTask({ title: 'new' });
    const ack = await socket.push({
      rows: [
        { newDocumentState: { ...stored, title: 'edited' }, assumedMasterState: refusedEdit },
        { newDocumentState: fresh, assumedMasterState: { ...fresh, tags: ['a', 'a'] } },
      ],
    });
    expect(ack).toEqual({ ok: true, data: { conflicts: [stored] } });
    expect(await server.store.getTask(user.id, task.id)).toEqual(stored);
    expect(await server.store.getTask(user.id, fresh.id)).toMatchObject({ title: 'new' });

    const bothInvalid = await socket.push({
      rows: [{ newDocumentState: { ...stored, tags: ['b', 'b'] }, assumedMasterState: refusedEdit }],
    });
    expect(bothInvalid).toEqual({ ok: true, data: { conflicts: [], refused: [invalidRow(task.id, 'newDocumentState.tags')] } });
    // the reason is the new document's own: the base's faults never matter under [RJ10]
    expect(JSON.stringify(bothInvalid)).not.toContain('assumedMasterState');
    expect(await server.store.getTask(user.id, task.id)).toEqual(stored);
  });

  it('[RJ9] [AX2] the refusal is bounded and never quotes unknown keys or the content: 20,000 unknown keys, an unknown key inside due and a reminder, a 10,000-character title', async () => {
    const secret = 'SECRET_KEY_NAME_0123456789';
    const manyKeys = { ...makeTask(), ...Object.fromEntries(Array.from({ length: 20_000 }, (_, index) => [`${secret}${index}`, 1])) };
    const inDue = { ...makeTask(), due: { date: '2026-03-20', [secret]: true } };
    const inReminder = { ...makeTask(), reminders: [{ id: 'r1', at: '2026-03-20T09:00:00.000Z', [secret]: true }] };
    const longTitle = makeTask({ title: `${secret}${'x'.repeat(10_000)}` });
    const ack = (await socket.push({
      rows: [manyKeys, inDue, inReminder, longTitle].map((task) => ({ newDocumentState: task })),
    })) as PushAck<StoredTask>;
    if (!ack.ok) throw new Error(`push failed: ${JSON.stringify(ack.error)}`);
    expect(ack.data.refused).toEqual([
      invalidRow(manyKeys.id, 'unknown field'),
      invalidRow(inDue.id, 'due'),
      invalidRow(inReminder.id, 'reminders'),
      invalidRow(longTitle.id, 'title'),
    ]);
    for (const refused of ack.data.refused!) {
      expect(refused.message.length).toBeLessThanOrEqual(500);
      expect(refused.message).not.toContain(secret);
      expect(refused.message).not.toContain('xxxxxxxxxx');
    }
  });

  it.each([
    ['no rows', { rows: [] }],
    ['501 rows', { rows: Array.from({ length: 501 }, () => ({ newDocumentState: makeTask() })) }],
    ['a row without an id', { rows: [{ newDocumentState: { ...makeTask(), id: undefined } }] }],
    ['a row whose id is not an id', { rows: [{ newDocumentState: makeTask({ id: 'a b' }) }] }],
    ['a row whose document is not an object', { rows: [{ newDocumentState: 'task' }] }],
    ['an unknown key in a row', { rows: [{ newDocumentState: makeTask(), extra: true }] }],
    ['an assumedMasterState of another id', { rows: [{ newDocumentState: makeTask(), assumedMasterState: makeTask() }] }],
    ['an unknown collection', { collection: 'projects', rows: [{ newDocumentState: makeTask() }] }],
  ])(
    '[RJ9] [V1] an envelope fault (%s) still makes the whole push INVALID_MESSAGE: the valid row beside it is not written',
    async (_what, payload) => {
      const valid = makeTask({ title: 'beside a broken envelope' });
      const rows = [
        ...(payload.rows as unknown[]),
        ...(payload.rows.length > 0 && payload.rows.length < 500 ? [{ newDocumentState: valid }] : []),
      ];
      const ack = await socket.push({ ...payload, rows });
      expect(ack).toEqual({ ok: false, error: { code: 'INVALID_MESSAGE', message: expect.any(String), retryable: false } });
      expect(await server.store.getTask(user.id, valid.id)).toBeNull();
    },
  );

  it('[RJ9] [V1] the same id twice is an envelope fault, even when one of its rows is invalid', async () => {
    const task = makeTask();
    const ack = await socket.push({ rows: [{ newDocumentState: task }, { newDocumentState: { ...task, priority: 'urgent' } }] });
    expect(ack).toEqual({ ok: false, error: { code: 'INVALID_MESSAGE', message: expect.stringContaining('only once'), retryable: false } });
    expect(await server.store.getTask(user.id, task.id)).toBeNull();
  });
});
