import { addItem, tickItem } from '@tasklane/shared/domain/checklist';
import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import type { ExportDocument } from '@tasklane/shared/export/export-document';
import { restartSeries } from '@tasklane/shared/sync/advance-recurring';
import { IMPORT_LIMITS } from '@tasklane/shared/export/import-limits';
import { splitExportDocument } from '@tasklane/shared/export/split-export';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { connectSocket, waitFor, type TestSocket } from '@tasklane/testkit/sync-socket';
import { createEmbeddedStore } from '../src/store/sqlite/embedded-store';
import type { Store } from '../src/store/store';

const withoutSeq = <D extends { seq?: number }>({ seq: _seq, ...content }: D) => content;
const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);

const AT = '2026-03-01T09:00:00.000Z';
const CHECKLIST = tickItem(addItem(addItem([], { id: 'c1', text: 'Eier' }, 0, AT), { id: 'c2', text: 'Milch' }, 1, AT), 'c2', true, AT);
const DAILY = { frequency: 'daily', interval: 2, end: { kind: 'after', count: 10 } } as const;

/** Two lists, the Inbox renamed among them. */
function variedLists(): TaskList[] {
  return [
    makeList({ name: 'Arbeit 🛠', colour: 'blue', order: 'a1' }),
    makeList({ id: 'inbox', inbox: true, name: 'Eingang', order: 'a0' }),
  ];
}

/** A varied account: plain, done, tagged, non-ASCII, due dates and times, lists, series, checklists, long descriptions. */
function variedTasks(count: number, lists: TaskList[] = []): Task[] {
  return Array.from({ length: count }, (_, index) => {
    const task = makeTask({
      title: index % 3 === 0 ? `Früh 😀 aufstehen ${index}` : `Task ${index}`,
      description: index % 7 === 0 ? 'line one\nline "two", three'.repeat(20) : '',
      status: index % 4 === 0 ? 'done' : 'todo',
      completedAt: index % 4 === 0 ? '2026-03-01T10:00:00.000Z' : null,
      priority: index % 2 === 0 ? 'high' : 'low',
      due:
        index % 5 === 0 ? { date: '2026-03-20' } : index % 5 === 1 ? { at: '2026-03-20T17:00:00.000Z', timeZone: 'Europe/Berlin' } : null,
      listId: lists[index % 3]?.id ?? 'inbox',
      checklist: index % 8 === 0 ? CHECKLIST : [],
      order: index % 10 === 0 ? 'a1' : null,
      tags: index % 6 === 0 ? ['home', 'ünï'] : [],
    });
    if (index % 9 !== 5 || task.due === null) return task;
    return { ...task, ...restartSeries(task, { rule: DAILY, start: task.due }, AT), occurrence: 2, status: 'todo', completedAt: null };
  });
}

async function pushLists(socket: TestSocket, lists: TaskList[]): Promise<void> {
  const ack = await socket.pushLists({ rows: lists.map((list) => ({ newDocumentState: list })) });
  if (!ack.ok) throw new Error(ack.error.message);
}

async function pushAll(socket: TestSocket, tasks: Task[]): Promise<void> {
  for (let start = 0; start < tasks.length; start += 500) {
    const ack = await socket.push({ rows: tasks.slice(start, start + 500).map((task) => ({ newDocumentState: task })) });
    if (!ack.ok) throw new Error(ack.error.message);
  }
}

async function liveTasks(store: Store, userId: string): Promise<StoredTask[]> {
  return (await store.pullChanges(userId, 0, 100_000)).filter((task) => !task._deleted);
}

async function liveLists(store: Store, userId: string) {
  return (await store.pullListChanges(userId, 0, 1000)).filter((list) => !list._deleted);
}

async function exportOf(server: TestServer, user: RegisteredUser): Promise<ExportDocument> {
  const response = await api(server.url, 'GET', '/api/export', { token: user.accessToken });
  if (response.status !== 200) throw new Error(`export failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as ExportDocument;
}

function importInto(server: TestServer, user: RegisteredUser, body: unknown) {
  return api(server.url, 'POST', '/api/import', { token: user.accessToken, body });
}

/** Everything a user's account holds, to prove a refused request changed nothing. */
async function accountState(server: TestServer, user: RegisteredUser) {
  return {
    highestSeq: await server.store.highestSeq(user.id),
    lists: await server.store.pullListChanges(user.id, 0, 1000),
    tasks: await server.store.pullChanges(user.id, 0, 100_000),
  };
}

describe('account export and import over REST (real server on port 0)', () => {
  let server: TestServer;
  let alice: RegisteredUser;
  let aliceSocket: TestSocket;
  let aliceTasks: Task[];
  let aliceLists: TaskList[];

  beforeAll(async () => {
    server = await startTestServer();
    alice = await registerUser(server.url);
    aliceSocket = await connectSocket(server.url, alice.accessToken);
    aliceLists = [...variedLists(), makeList({ name: 'Deleted since' })];
    await pushLists(aliceSocket, aliceLists);
    const listToDelete = (await server.store.getList(alice.id, aliceLists[2]!.id))!;
    await aliceSocket.pushLists({ rows: [{ newDocumentState: { ...listToDelete, _deleted: true }, assumedMasterState: listToDelete }] });
    aliceTasks = variedTasks(1010, aliceLists); // more than one page of the pull API
    await pushAll(aliceSocket, aliceTasks);
    const doomed = (await server.store.getTask(alice.id, aliceTasks[1]!.id))!;
    await aliceSocket.push({ rows: [{ newDocumentState: { ...doomed, _deleted: true }, assumedMasterState: doomed }] });
  });
  afterAll(async () => {
    aliceSocket.close();
    await server.close();
  });

  it('[EX1] [LR13] the export is the whole account: lists first, then every live task once, every field as stored, seq order, no tombstone', async () => {
    const before = Date.now();
    const exported = await exportOf(server, alice);
    expect(Object.keys(exported)).toEqual(['format', 'version', 'exportedAt', 'lists', 'tasks']);
    expect(exported).toMatchObject({ format: 'tasklane-export', version: 2 });
    expect(exported.lists).toEqual(await liveLists(server.store, alice.id));
    expect(exported.lists.map((list) => list.name)).toEqual(['Arbeit 🛠', 'Eingang']);
    expect(Date.parse(exported.exportedAt)).toBeGreaterThanOrEqual(before - 1000);
    const stored = await liveTasks(server.store, alice.id);
    expect(stored).toHaveLength(1009);
    expect(exported.tasks).toEqual(stored);
    expect(exported.tasks.map((task) => task.id)).not.toContain(aliceTasks[1]!.id);
  });

  it('[EX1] the export is streamed: chunked, without Content-Length, and a store failure midway breaks the transfer', async () => {
    const identity = await fetch(`${server.url}/api/export`, {
      headers: { authorization: `Bearer ${alice.accessToken}`, 'accept-encoding': 'identity' },
    });
    expect(identity.headers.get('transfer-encoding')).toBe('chunked');
    expect(identity.headers.get('content-length')).toBeNull();
    expect(identity.headers.get('cache-control')).toBe('no-store');
    await identity.arrayBuffer();

    const temp = makeTempDir('export-midway');
    const real = createEmbeddedStore({ dataDir: temp.dir });
    let pages = 0;
    let failAfterFirstPage = false;
    const failing = new Proxy(real, {
      get(target, property, receiver) {
        if (property !== 'pullChanges') return Reflect.get(target, property, receiver) as unknown;
        return (userId: string, afterSeq: number, limit: number) => {
          pages += 1;
          if (failAfterFirstPage && pages > 1) return Promise.reject(new Error('the disk went away'));
          return target.pullChanges(userId, afterSeq, limit);
        };
      },
    });
    const broken = await startTestServer({ store: failing });
    try {
      const user = await registerUser(broken.url);
      const socket = await connectSocket(broken.url, user.accessToken);
      await pushAll(socket, variedTasks(1010));
      socket.close();
      failAfterFirstPage = true;
      pages = 0;
      const response = await fetch(`${broken.url}/api/export?format=csv`, { headers: { authorization: `Bearer ${user.accessToken}` } });
      expect(response.status).toBe(200);
      await expect(response.text()).rejects.toThrow();
      expect(broken.logLines.join('\n')).toContain('export cut off');
    } finally {
      await broken.close();
      temp.remove();
    }
  });

  it('[EX5] [LR13] an export imported into a fresh account recreates every list and task field for field; importing it again changes nothing', async () => {
    const exported = await exportOf(server, alice);
    expect(exported.tasks.some((task) => task.recurrence !== null && task.occurrence === 2)).toBe(true);
    expect(exported.tasks.some((task) => task.checklist.length === 2 && task.listId !== 'inbox')).toBe(true);
    const carol = await registerUser(server.url);
    const first = await importInto(server, carol, exported);
    expect(first).toMatchObject({ status: 200, body: { created: 1011, updated: 0, unchanged: 0 } });
    const recreated = await liveTasks(server.store, carol.id);
    expect(recreated.map(withoutSeq).sort(byId)).toEqual(exported.tasks.map(withoutSeq).sort(byId));
    expect((await liveLists(server.store, carol.id)).map(withoutSeq)).toEqual(exported.lists.map(withoutSeq));
    const again1 = await exportOf(server, carol);
    expect(again1.tasks.map(withoutSeq)).toEqual(exported.tasks.map(withoutSeq));
    expect(again1.lists.map(withoutSeq)).toEqual(exported.lists.map(withoutSeq));

    const state = await accountState(server, carol);
    const again = await importInto(server, carol, exported);
    expect(again).toMatchObject({ status: 200, body: { created: 0, updated: 0, unchanged: 1011 } });
    expect(await accountState(server, carol)).toEqual(state);

    // The owner's own file, imported back into the account it came from, is unchanged too.
    expect((await importInto(server, alice, exported)).body).toEqual({ created: 0, updated: 0, unchanged: 1011 });
  });

  it('[LR13] [DM19] a version-1 file still imports: its tasks upgraded (Inbox, dueAt to a date), and again it changes nothing', async () => {
    const frank = await registerUser(server.url);
    const v1Task = (title: string, dueAt: string | null) => ({
      id: `v1-${title}`,
      title,
      description: '',
      status: 'todo',
      priority: 'low',
      dueAt,
      tags: ['alt'],
      createdAt: '2025-12-01T09:00:00.000Z',
      updatedAt: '2025-12-01T09:00:00.000Z',
      completedAt: null,
      _deleted: false,
      seq: 17,
    });
    const file = {
      format: 'tasklane-export',
      version: 1,
      exportedAt: '2025-12-02T09:00:00.000Z',
      tasks: [v1Task('a', '2025-12-24T12:00:00+01:00'), v1Task('b', null)],
    };
    expect((await importInto(server, frank, file)).body).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(await server.store.getTask(frank.id, 'v1-a')).toMatchObject({
      listId: 'inbox',
      due: { date: '2025-12-24' },
      checklist: [],
      recurrence: null,
    });
    expect(await server.store.getTask(frank.id, 'v1-a')).not.toHaveProperty('dueAt');
    expect((await importInto(server, frank, file)).body).toEqual({ created: 0, updated: 0, unchanged: 2 });
    // A version-1 file is version-1 throughout: a version-2 task in it is refused, naming the field.
    const mixed = await importInto(server, frank, { ...file, tasks: [{ ...v1Task('c', null), listId: 'inbox' }] });
    expect({ status: mixed.status, code: mixed.body.error.code }).toEqual({ status: 400, code: 'INVALID_MESSAGE' });
    expect(mixed.body.error.message).toMatch(/tasks\.0.*listId/);
  });

  it('[EX5] [EX6] an import reaches the user’s sockets as changes, counts in the sync metrics, and reaches no other user', async () => {
    const bob = await registerUser(server.url);
    const bobSocket = await connectSocket(server.url, bob.accessToken);
    const metricsBefore = await (await fetch(`${server.metricsUrl}/metrics`)).text();
    const fresh = variedTasks(3);
    const exported = { ...(await exportOf(server, alice)), lists: [], tasks: fresh };
    const response = await importInto(server, alice, exported);
    expect(response.body).toEqual({ created: 3, updated: 0, unchanged: 0 });
    const ids = fresh.map((task) => task.id);
    const arrived = () => aliceSocket.changes.flatMap((event) => event.documents).filter((task) => ids.includes(task.id));
    await waitFor(() => arrived().length === 3, 5000, 'the import as changes');
    expect(arrived().map(withoutSeq)).toEqual(fresh.map(withoutSeq));

    // Broadcasts precede the import's answer; a round trip on Bob's socket after it proves none was sent to him.
    await bobSocket.pull({ checkpoint: null, limit: 1 });
    expect(bobSocket.changes).toEqual([]);
    bobSocket.close();

    // Written tasks, whichever order the labels come in (kind, collection).
    const written = (metrics: string) =>
      metrics
        .split('\n')
        .filter(
          (line) => line.startsWith('sync_documents_total{') && line.includes('kind="written"') && line.includes('collection="tasks"'),
        )
        .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    const metricsAfter = await (await fetch(`${server.metricsUrl}/metrics`)).text();
    expect(written(metricsAfter) - written(metricsBefore)).toBe(3);
  });

  it('[EX6] ids are per user: an export never holds another user’s task, and importing their ids never touches their tasks', async () => {
    const bob = await registerUser(server.url);
    const bobSocket = await connectSocket(server.url, bob.accessToken);
    await pushAll(bobSocket, variedTasks(5));
    const bobExport = await exportOf(server, bob);
    expect(bobExport.tasks).toHaveLength(5);
    const aliceIds = new Set((await liveTasks(server.store, alice.id)).map((task) => task.id));
    expect(bobExport.tasks.filter((task) => aliceIds.has(task.id))).toEqual([]);

    // Bob imports Alice's tasks, ids and seqs and all, edited and newer: they become Bob's own copies.
    const aliceExport = await exportOf(server, alice);
    const aliceBefore = await accountState(server, alice);
    // Newer than Alice's tasks, yet not after the file's exportedAt, which caps every imported time ([EX11]).
    const minuteBefore = new Date(Date.parse(aliceExport.exportedAt) - 60_000).toISOString();
    const hostile = aliceExport.tasks.slice(0, 10).map((task) => ({ ...task, title: 'taken over', updatedAt: minuteBefore }));
    const bobChangesBefore = bobSocket.changes.length;
    const aliceChangesBefore = aliceSocket.changes.length;
    expect((await importInto(server, bob, { ...aliceExport, lists: [], tasks: hostile })).body).toEqual({
      created: 10,
      updated: 0,
      unchanged: 0,
    });
    expect(await accountState(server, alice)).toEqual(aliceBefore);
    expect((await server.store.getTask(bob.id, hostile[0]!.id))?.title).toBe('taken over');
    await waitFor(() => bobSocket.changes.length > bobChangesBefore, 5000, "Bob's own changes");
    await aliceSocket.pull({ checkpoint: null, limit: 1 });
    expect(aliceSocket.changes.length).toBe(aliceChangesBefore);

    // The same import again is now an update of Bob's copies only, and still nothing of Alice's.
    const newer = hostile.map((task) => ({ ...task, title: 'taken over twice', updatedAt: aliceExport.exportedAt }));
    expect((await importInto(server, bob, { ...aliceExport, lists: [], tasks: newer })).body).toEqual({
      created: 0,
      updated: 10,
      unchanged: 0,
    });
    expect(await accountState(server, alice)).toEqual(aliceBefore);
    bobSocket.close();
  });

  it('[EX4] a malformed, foreign, wrong-version or invalid body is refused whole with INVALID_MESSAGE and changes nothing', async () => {
    const exported = await exportOf(server, alice);
    const good = variedTasks(501); // one more than a push batch: the bad task comes after a batch that could have been written
    const cases: Array<[string, { body?: unknown; rawBody?: string }, RegExp]> = [
      ['not JSON', { rawBody: '{"format": "tasklane-export", ' }, /not valid JSON/],
      ['an array', { body: [] }, /invalid import/],
      ['another format', { body: { ...exported, format: 'todoist-backup' } }, /not a Tasklane export/],
      ['a newer version', { body: { ...exported, version: 3 } }, /export version 3 was written by a newer Tasklane/],
      ['no exportedAt', { body: { format: 'tasklane-export', version: 2, lists: [], tasks: good } }, /exportedAt/],
      ['no lists', { body: { format: 'tasklane-export', version: 2, exportedAt: exported.exportedAt, tasks: good } }, /lists/],
      ['an unknown top-level field', { body: { ...exported, tasks: good, projects: [] } }, /projects/],
      ['an Inbox archived', { body: { ...exported, lists: [{ ...exported.lists[1]!, archived: true }] } }, /lists\.0\.archived/],
      [
        'a list id twice',
        { body: { ...exported, lists: [exported.lists[0], exported.lists[0]] } },
        /lists\.1\.id: id ".*" appears more than once/,
      ],
      [
        'a userId in a task',
        { body: { ...exported, tasks: [...good, { ...good[0]!, id: 'x1', userId: 'someone' }] } },
        /tasks\.501.*userId/,
      ],
      ['a tombstone', { body: { ...exported, tasks: [...good, { ...good[0]!, id: 'x2', _deleted: true }] } }, /no deleted tasks/],
      ['an id twice', { body: { ...exported, tasks: [...good, good[3]] } }, /tasks\.501\.id: id ".*" appears more than once/],
      [
        'a bad timestamp after the first batch',
        { body: { ...exported, tasks: [...good, { ...good[0]!, id: 'x3', due: { at: '2026-02-31T00:00:00Z', timeZone: 'UTC' } }] } },
        /tasks\.501\.due/,
      ],
      ['an operator instead of a title', { body: { ...exported, tasks: [{ ...good[0]!, title: { $gt: '' } }] } }, /tasks\.0\.title/],
    ];
    const before = await accountState(server, alice);
    const changesBefore = aliceSocket.changes.length;
    for (const [what, request, message] of cases) {
      const response = await api(server.url, 'POST', '/api/import', { token: alice.accessToken, ...request });
      expect({ what, status: response.status, code: response.body?.error?.code }).toEqual({ what, status: 400, code: 'INVALID_MESSAGE' });
      expect(response.body.error.message).toMatch(message);
    }
    expect(await accountState(server, alice)).toEqual(before);
    await aliceSocket.pull({ checkpoint: null, limit: 1 });
    expect(aliceSocket.changes.length).toBe(changesBefore);
  });

  it('[EX11] over REST: a file exported in the future is 400 and writes nothing; far-future times are held to exportedAt; a tombstone stays', async () => {
    const erin = await registerUser(server.url);
    const exportedAt = new Date(Date.now() - 60_000).toISOString();
    const future = {
      format: 'tasklane-export',
      version: 2,
      exportedAt: new Date(Date.now() + 3_600_000).toISOString(),
      lists: [],
      tasks: variedTasks(2),
    };
    const refused = await importInto(server, erin, future);
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'INVALID_MESSAGE' } } });
    expect(refused.body.error.message).toMatch(/^exportedAt: .* a file cannot have been exported in the future/);
    expect(await accountState(server, erin)).toEqual({ highestSeq: 0, lists: [], tasks: [] });

    const [kept, gone] = [makeTask({ updatedAt: '2999-12-31T00:00:00.000Z' }), makeTask({ title: 'deleted since' })];
    const file = { format: 'tasklane-export', version: 2, exportedAt, lists: [], tasks: [kept, gone] };
    expect((await importInto(server, erin, file)).body).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(await server.store.getTask(erin.id, kept.id)).toMatchObject({ updatedAt: exportedAt });
    const stored = (await server.store.getTask(erin.id, gone.id))!;
    await server.store.applyPush(erin.id, [{ newDocumentState: { ...stored, _deleted: true }, assumedMasterState: stored }]);
    const revive = {
      ...file,
      exportedAt: new Date().toISOString(),
      tasks: [{ ...gone, title: 'back?', updatedAt: new Date().toISOString() }],
    };
    expect((await importInto(server, erin, revive)).body).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(await server.store.getTask(erin.id, gone.id)).toMatchObject({ _deleted: true, title: 'deleted since' });
  });

  it('[EX7] up to 8 MiB and 5000 tasks per request is accepted, more is 413 and changes nothing; a larger export goes in pages', async () => {
    const dave = await registerUser(server.url);
    const envelope = { format: 'tasklane-export', version: 2, exportedAt: new Date().toISOString(), lists: [] };
    const many = variedTasks(IMPORT_LIMITS.maxTasks + 1);

    const tooMany = await importInto(server, dave, { ...envelope, tasks: many });
    expect(tooMany).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
    expect(tooMany.body.error.message).toMatch(/at most 5000 documents/);
    // [LR13] Lists count with tasks.
    const withLists = await importInto(server, dave, {
      ...envelope,
      lists: [{ ...makeList(), _deleted: false }],
      tasks: many.slice(0, 5000),
    });
    expect(withLists).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
    const tooBig = await importInto(server, dave, {
      ...envelope,
      tasks: [{ ...many[0]!, description: 'x'.repeat(IMPORT_LIMITS.maxBodyBytes) }],
    });
    expect(tooBig).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
    expect(await accountState(server, dave)).toEqual({ highestSeq: 0, lists: [], tasks: [] });

    const pages = splitExportDocument({ ...envelope, tasks: many } as ExportDocument);
    expect(pages.map((page) => page.tasks.length)).toEqual([5000, 1]);
    expect(JSON.stringify(pages[0]).length).toBeGreaterThan(1024 * 1024); // over the limit of other REST bodies
    const counts = [];
    for (const page of pages) counts.push((await importInto(server, dave, page)).body);
    expect(counts).toEqual([
      { created: 5000, updated: 0, unchanged: 0 },
      { created: 1, updated: 0, unchanged: 0 },
    ]);
    expect(await liveTasks(server.store, dave.id)).toHaveLength(IMPORT_LIMITS.maxTasks + 1);
  });

  it('[EX2] [EX3] [LR14] the CSV export: a download of quoted UTF-8 with a BOM and a header row, formulas neutralised, lists by name', async () => {
    const erin = await registerUser(server.url);
    const socket = await connectSocket(server.url, erin.accessToken);
    const list = makeList({ name: '@Work' });
    await pushLists(socket, [list]);
    const hostile = makeTask({
      id: 'csv-1',
      title: '=HYPERLINK("http://evil.example","click")',
      description: 'a, "b"\r\n@c',
      tags: ['-1+2', 'ok'],
      listId: list.id,
      due: { date: '2026-04-01' },
    });
    await pushAll(socket, [hostile]);
    socket.close();
    const response = await fetch(`${server.url}/api/export?format=csv`, { headers: { authorization: `Bearer ${erin.accessToken}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=tasklane-tasks-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const stored = (await server.store.getTask(erin.id, 'csv-1'))!;
    expect(bytes.subarray(3).toString('utf8')).toBe(
      '"id","title","description","status","priority","listId","list","due","dueTimeZone","tags","checklist","createdAt","updatedAt","completedAt"\r\n' +
        `"csv-1","'=HYPERLINK(""http://evil.example"",""click"")","a, ""b""\r\n'@c","todo","medium","${list.id}","'@Work","2026-04-01","","'-1+2, ok","","${stored.createdAt}","${stored.updatedAt}",""\r\n`,
    );
  });

  it('[EX8] export and import need a valid access token: 401 otherwise, and nothing changes', async () => {
    const exported = { format: 'tasklane-export', version: 2, exportedAt: new Date().toISOString(), lists: [], tasks: variedTasks(2) };
    const before = await accountState(server, alice);
    for (const token of [undefined, alice.refreshToken, 'not-a-token']) {
      const get = await api(server.url, 'GET', '/api/export', token === undefined ? {} : { token });
      expect({ status: get.status, code: get.body?.error?.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
      const post = await api(server.url, 'POST', '/api/import', { ...(token === undefined ? {} : { token }), body: exported });
      expect({ status: post.status, code: post.body?.error?.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    }
    expect(await accountState(server, alice)).toEqual(before);
  });

  it('[EX8] export and import count against the per-user API rate limit like every task request', async () => {
    const limited = await startTestServer({ rateLimits: { authPerMinute: 100, apiPerMinute: 2, socketPer10Seconds: 100 } });
    try {
      const user = await registerUser(limited.url);
      const envelope = { format: 'tasklane-export', version: 2, exportedAt: new Date().toISOString(), lists: [] };
      expect((await importInto(limited, user, { ...envelope, tasks: variedTasks(2) })).status).toBe(200);
      expect((await api(limited.url, 'GET', '/api/export', { token: user.accessToken })).status).toBe(200);
      const refused = await importInto(limited, user, { ...envelope, tasks: variedTasks(2) });
      expect(refused).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED' } } });
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await limited.store.highestSeq(user.id)).toBe(2);
    } finally {
      await limited.close();
    }
  });
});
