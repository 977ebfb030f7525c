import type { StoredTask } from '@tasklane/shared/domain/task';
import type { StoredTaskList, TaskList } from '@tasklane/shared/domain/task-list';
import type { Ack } from '@tasklane/shared/protocol/ack';
import type { RefusedRow } from '@tasklane/shared/protocol/push';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, waitFor, type TestSocket } from '@tasklane/testkit/sync-socket';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import { createEmbeddedStore } from '../src/store/sqlite/embedded-store';

type PushAck<D> = Ack<{ conflicts: D[]; refused?: RefusedRow[] }>;

const RLO = '\u202e';

function data<D>(ack: PushAck<D>): { conflicts: D[]; refused?: RefusedRow[] } {
  if (!ack.ok) throw new Error(`push failed: ${JSON.stringify(ack.error)}`);
  return ack.data;
}

/** docs/protocol.md [RJ1]–[RJ4] and data-model-v2.md [UC1]–[UC5]: rows refused one by one, against real servers on port 0. */
describe('push refusals', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const liveLists = async (user: RegisteredUser) =>
    (await server.store.pullListChanges(user.id, 0, 1000)).filter((list) => !list._deleted && !list.inbox);
  const pushLists = async (socket: TestSocket, rows: { newDocumentState: TaskList; assumedMasterState?: StoredTaskList }[]) =>
    data((await socket.pushLists({ rows })) as PushAck<StoredTaskList>);

  /** An account with `count` lists besides the Inbox, and a socket of it. */
  async function accountWithLists(count: number): Promise<{ user: RegisteredUser; socket: TestSocket; lists: StoredTaskList[] }> {
    const user = await registerUser(server.url);
    const socket = await connectSocket(server.url, user.accessToken);
    const rows = Array.from({ length: count }, (_, index) => ({
      newDocumentState: makeList({ name: `L${index}`, archived: index % 3 === 0 }),
    }));
    for (let at = 0; at < rows.length; at += 500) expect(await pushLists(socket, rows.slice(at, at + 500))).toEqual({ conflicts: [] });
    return { user, socket, lists: await liveLists(user) };
  }

  it('[RJ2] [RJ1] the 501st list of a push is refused per row with LIST_LIMIT; the other rows of the push are written, and the refused one gets no seq', async () => {
    const { user, socket, lists } = await accountWithLists(499);
    try {
      const renamed = { ...lists[0]!, name: 'renamed' };
      const fits = makeList({ name: 'the 500th' });
      const over = makeList({ name: 'the 501st' });
      const before = socket.listChanges.length;
      const answer = await pushLists(socket, [
        { newDocumentState: fits },
        { newDocumentState: over },
        { newDocumentState: renamed, assumedMasterState: lists[0]! },
      ]);
      expect(answer).toEqual({
        conflicts: [],
        refused: [{ id: over.id, code: 'LIST_LIMIT', message: expect.stringMatching(/500 lists, the most it may have/) }],
      });
      const stored = await liveLists(user);
      expect(stored).toHaveLength(500);
      expect(stored.map((list) => list.id)).not.toContain(over.id);
      expect(stored.find((list) => list.id === lists[0]!.id)?.name).toBe('renamed');
      expect(await server.store.getList(user.id, over.id)).toBeNull();
      await waitFor(() => socket.listChanges.length > before, 5000, 'the changes of the written rows');
      expect(
        socket.listChanges
          .slice(before)
          .flatMap((event) => event.documents.map((list) => list.id))
          .sort(),
      ).toEqual([fits.id, lists[0]!.id].sort());
    } finally {
      socket.close();
    }
  });

  it('[RJ2] at the cap, edits, archiving and deletion of existing lists and writes of the Inbox are accepted; a deletion makes room for a later row of the same push, and a revived tombstone counts as a new list', async () => {
    const { user, socket, lists } = await accountWithLists(500);
    try {
      const [first, second] = [lists[0]!, lists[1]!];
      const inbox = { ...makeList({ id: 'inbox', name: 'In', inbox: true, order: 'a0' }) };
      const edits = await pushLists(socket, [
        { newDocumentState: { ...first, archived: !first.archived, name: 'edited at the cap' }, assumedMasterState: first },
        { newDocumentState: inbox },
      ]);
      expect(edits).toEqual({ conflicts: [] });
      const deleted = { ...second, _deleted: true };
      const replacement = makeList({ name: 'takes its place' });
      const another = makeList({ name: 'no room for me' });
      expect(
        await pushLists(socket, [
          { newDocumentState: deleted, assumedMasterState: second },
          { newDocumentState: replacement },
          { newDocumentState: another },
        ]),
      ).toEqual({ conflicts: [], refused: [expect.objectContaining({ id: another.id, code: 'LIST_LIMIT' })] });
      expect(await liveLists(user)).toHaveLength(500);
      const tombstone = (await server.store.getList(user.id, second.id))!;
      expect(
        await pushLists(socket, [{ newDocumentState: { ...second, _deleted: false, name: 'revived' }, assumedMasterState: tombstone }]),
      ).toEqual({
        conflicts: [],
        refused: [expect.objectContaining({ id: second.id, code: 'LIST_LIMIT' })],
      });
      expect((await server.store.getList(user.id, second.id))?._deleted).toBe(true);
    } finally {
      socket.close();
    }
  });

  it('[RJ4] concurrent pushes through two server instances sharing one store cannot take an account past the cap', async () => {
    const other = await startTestServer({ store: createEmbeddedStore({ dataDir: server.dataDir }) });
    const { user, socket } = await accountWithLists(490);
    const second = await connectSocket(other.url, user.accessToken);
    try {
      const batches = Array.from({ length: 6 }, (_, batch) =>
        Array.from({ length: 4 }, (__, index) => makeList({ name: `race ${batch}.${index}` })),
      );
      const answers = await Promise.all(
        batches.map((batch, index) =>
          pushLists(
            index % 2 === 0 ? socket : second,
            batch.map((list) => ({ newDocumentState: list })),
          ),
        ),
      );
      const refused = answers.flatMap((answer) => answer.refused ?? []);
      expect(refused).toHaveLength(24 - 10);
      expect(refused.every((row) => row.code === 'LIST_LIMIT')).toBe(true);
      const stored = await liveLists(user);
      expect(stored).toHaveLength(500);
      const refusedIds = new Set(refused.map((row) => row.id));
      expect(stored.filter((list) => refusedIds.has(list.id))).toEqual([]);
    } finally {
      second.close();
      socket.close();
      await other.close();
    }
  });

  it('[UC2] [RJ1] a task or list whose text holds a control or bidi character is refused per row with UNSAFE_TEXT naming the field; the other rows are written and the ack of a clean push has no `refused`', async () => {
    const user = await registerUser(server.url);
    const socket = await connectSocket(server.url, user.accessToken);
    try {
      const clean = makeTask({ title: 'שלום עולם — hello', description: 'line one\n\tline two', tags: ['a\u200db'] });
      expect(data((await socket.push({ rows: [{ newDocumentState: clean }] })) as PushAck<StoredTask>)).toStrictEqual({ conflicts: [] });
      const spoofed = makeTask({ title: `invoice ${RLO}fdp.exe` });
      const inDescription = makeTask({ description: `note\u0007` });
      const inTag = makeTask({ tags: ['ok', 'two\nlines'] });
      const fine = makeTask({ title: 'written' });
      const answer = data(
        (await socket.push({
          rows: [spoofed, inDescription, fine, inTag].map((task) => ({ newDocumentState: task })),
        })) as PushAck<StoredTask>,
      );
      expect(answer).toEqual({
        conflicts: [],
        refused: [
          { id: spoofed.id, code: 'UNSAFE_TEXT', message: expect.stringMatching(/the title holds .*\(U\+202E\)/) },
          { id: inDescription.id, code: 'UNSAFE_TEXT', message: expect.stringMatching(/the description holds .*\(U\+0007\)/) },
          { id: inTag.id, code: 'UNSAFE_TEXT', message: expect.stringMatching(/a tag holds .*\(U\+000A\)/) },
        ],
      });
      const stored = (await server.store.pullChanges(user.id, 0, 100)).map((task) => task.id);
      expect(stored.sort()).toEqual([clean.id, fine.id].sort());
      const list = makeList({ name: `shop\u2066ping` });
      expect(await pushLists(socket, [{ newDocumentState: list }])).toEqual({
        conflicts: [],
        refused: [{ id: list.id, code: 'UNSAFE_TEXT', message: expect.stringMatching(/the list name holds .*\(U\+2066\)/) }],
      });
      // A tombstone is never refused: deleting such a document always syncs.
      expect(
        data((await socket.push({ rows: [{ newDocumentState: { ...spoofed, _deleted: true } }] })) as PushAck<StoredTask>),
      ).toStrictEqual({
        conflicts: [],
      });
    } finally {
      socket.close();
    }
  });

  it('[UC4] text stored before the rule still reads, and an edit of another field of such a document is written; a new unsafe character is refused and a stale revision is answered as a conflict', async () => {
    const user = await registerUser(server.url);
    const socket = await connectSocket(server.url, user.accessToken);
    try {
      const legacyTask = makeTask({ title: `old ${RLO}title`, checklist: [] });
      const [stored] = (await server.store.applyPush(user.id, [{ newDocumentState: legacyTask }])).written;
      const pulled = (await socket.pull({ checkpoint: null, limit: 10 })) as Ack<{ documents: StoredTask[] }>;
      expect(pulled.ok && pulled.data.documents[0]?.title).toBe(`old ${RLO}title`);
      const done = { ...stored!, status: 'done' as const, completedAt: stored!.updatedAt };
      expect(data((await socket.push({ rows: [{ newDocumentState: done, assumedMasterState: stored }] })) as PushAck<StoredTask>)).toEqual({
        conflicts: [],
      });
      const current = (await server.store.getTask(user.id, legacyTask.id))!;
      expect(current.status).toBe('done');
      const worse = { ...current, description: `x${RLO}` };
      expect(
        data((await socket.push({ rows: [{ newDocumentState: worse, assumedMasterState: current }] })) as PushAck<StoredTask>),
      ).toEqual({
        conflicts: [],
        refused: [expect.objectContaining({ id: legacyTask.id, code: 'UNSAFE_TEXT' })],
      });
      const stale = { ...current, priority: 'high' as const };
      expect(data((await socket.push({ rows: [{ newDocumentState: stale, assumedMasterState: stored }] })) as PushAck<StoredTask>)).toEqual(
        {
          conflicts: [current],
        },
      );
      expect(await server.store.getTask(user.id, legacyTask.id)).toEqual(current);
    } finally {
      socket.close();
    }
  });

  it('[UC2] [RJ3] [UC5] REST and import refuse unsafe text with 400 UNSAFE_TEXT naming the field and write nothing; a description keeps its line breaks and tabs', async () => {
    const user = await registerUser(server.url);
    const post = (path: string, body: object) => api(server.url, 'POST', path, { token: user.accessToken, body });
    const created = await post('/api/tasks', { title: 'fine', description: 'one\n\ttwo' });
    expect(created.status).toBe(201);
    const bad = await post('/api/tasks', { title: `pay ${RLO}now` });
    expect({ status: bad.status, code: bad.body.error.code }).toEqual({ status: 400, code: 'UNSAFE_TEXT' });
    expect(bad.body.error.message).toMatch(/the title holds a control or bidi character \(U\+202E\)/);
    const patched = await api(server.url, 'PATCH', `/api/tasks/${created.body.id}`, {
      token: user.accessToken,
      body: { tags: ['x\u0085'] },
    });
    expect({ status: patched.status, code: patched.body.error.code, message: patched.body.error.message }).toEqual({
      status: 400,
      code: 'UNSAFE_TEXT',
      message: expect.stringMatching(/a tag holds .*\(U\+0085\)/),
    });
    const list = await post('/api/lists', { name: 'two\nlines' });
    expect({ status: list.status, code: list.body.error.code }).toEqual({ status: 400, code: 'UNSAFE_TEXT' });
    const file = {
      format: 'tasklane-export',
      version: 2,
      exportedAt: new Date().toISOString(),
      lists: [],
      tasks: [makeTask({ title: `a\u001bb` })],
    };
    const imported = await post('/api/import', file);
    expect({ status: imported.status, code: imported.body.error.code }).toEqual({ status: 400, code: 'UNSAFE_TEXT' });
    expect((await server.store.pullChanges(user.id, 0, 100)).map((task) => task.id)).toEqual([created.body.id]);
    expect(await liveLists(user)).toEqual([]);
  });
  it('[UC7] [UC6] a deletion is always accepted yet never stores new unsafe text: it keeps the stored texts, and a deletion of a document the server never held keeps none', async () => {
    const user = await registerUser(server.url);
    const socket = await connectSocket(server.url, user.accessToken);
    try {
      const push = async (rows: { newDocumentState: StoredTask | ReturnType<typeof makeTask>; assumedMasterState?: StoredTask }[]) =>
        data((await socket.push({ rows })) as PushAck<StoredTask>);
      const kept = makeTask({ title: 'kept title', description: 'kept', tags: ['kept'] });
      expect(await push([{ newDocumentState: kept }])).toEqual({ conflicts: [] });
      const stored = (await server.store.getTask(user.id, kept.id))!;
      const smuggled = { ...stored, title: `pay ${RLO}now`, description: 'a\u2028b', tags: ['x\u{e0041}'], _deleted: true };
      const never = { ...makeTask({ title: `new ${RLO}`, description: 'secret\ufeff', tags: ['\u0007'] }), _deleted: true };
      expect(await push([{ newDocumentState: smuggled, assumedMasterState: stored }, { newDocumentState: never }])).toEqual({
        conflicts: [],
      });
      expect(await server.store.getTask(user.id, kept.id)).toMatchObject({
        _deleted: true,
        title: 'kept title',
        description: 'kept',
        tags: ['kept'],
      });
      expect(await server.store.getTask(user.id, never.id)).toMatchObject({
        _deleted: true,
        title: 'Deleted task',
        description: '',
        tags: [],
      });
      // A one-line field refuses the line separator; a description may hold it.
      const fine = makeTask({ title: 'sep', description: 'one\u2028two\u2029three' });
      const lineSeparatorTitle = makeTask({ title: 'one\u2028two' });
      expect(await push([{ newDocumentState: fine }, { newDocumentState: lineSeparatorTitle }])).toEqual({
        conflicts: [],
        refused: [{ id: lineSeparatorTitle.id, code: 'UNSAFE_TEXT', message: expect.stringContaining('(U+2028)') }],
      });
    } finally {
      socket.close();
    }
  });

  it('[UC9] an import does not refuse unsafe text of a document the account holds as a tombstone: that document is never written', async () => {
    const user = await registerUser(server.url);
    const [stored] = (await server.store.applyPush(user.id, [{ newDocumentState: makeTask({ title: 'gone' }) }])).written;
    await server.store.applyPush(user.id, [{ newDocumentState: { ...stored!, _deleted: true }, assumedMasterState: stored! }]);
    const highest = await server.store.highestSeq(user.id);
    const file = {
      format: 'tasklane-export',
      version: 2,
      exportedAt: new Date().toISOString(),
      lists: [],
      tasks: [{ ...stored!, title: `gone ${RLO}`, _deleted: false }],
    };
    const imported = await api(server.url, 'POST', '/api/import', { token: user.accessToken, body: file });
    expect({ status: imported.status, body: imported.body }).toEqual({ status: 200, body: { created: 0, updated: 0, unchanged: 1 } });
    expect(await server.store.highestSeq(user.id)).toBe(highest);
    expect(await server.store.getTask(user.id, stored!.id)).toMatchObject({ _deleted: true, title: 'gone' });
  });
});
