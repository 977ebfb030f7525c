import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import type { ExportDocument } from '@tasklane/shared/export/export-document';
import { IMPORT_LIMITS } from '@tasklane/shared/export/import-limits';
import { splitExportDocument } from '@tasklane/shared/export/split-export';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { connectSocket, waitFor, type TestSocket } from '@tasklane/testkit/sync-socket';
import { createEmbeddedStore } from '../src/store/sqlite/embedded-store';
import type { Store } from '../src/store/store';

const withoutSeq = ({ seq: _seq, ...content }: StoredTask | Task) => content;
const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);

/** A varied account: plain, done, tagged, non-ASCII, with a due date and a long description. */
function variedTasks(count: number): Task[] {
  return Array.from({ length: count }, (_, index) =>
    makeTask({
      title: index % 3 === 0 ? `Früh 😀 aufstehen ${index}` : `Task ${index}`,
      description: index % 7 === 0 ? 'line one\nline "two", three'.repeat(20) : '',
      status: index % 4 === 0 ? 'done' : 'todo',
      completedAt: index % 4 === 0 ? '2026-03-01T10:00:00.000Z' : null,
      priority: index % 2 === 0 ? 'high' : 'low',
      dueAt: index % 5 === 0 ? '2026-03-20T17:00:00.000Z' : null,
      tags: index % 6 === 0 ? ['home', 'ünï'] : [],
    }),
  );
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
  return { highestSeq: await server.store.highestSeq(user.id), tasks: await server.store.pullChanges(user.id, 0, 100_000) };
}

describe('account export and import over REST (real server on port 0)', () => {
  let server: TestServer;
  let alice: RegisteredUser;
  let aliceSocket: TestSocket;
  let aliceTasks: Task[];

  beforeAll(async () => {
    server = await startTestServer();
    alice = await registerUser(server.url);
    aliceSocket = await connectSocket(server.url, alice.accessToken);
    aliceTasks = variedTasks(1010); // more than one page of the pull API
    await pushAll(aliceSocket, aliceTasks);
    const doomed = (await server.store.getTask(alice.id, aliceTasks[1]!.id))!;
    await aliceSocket.push({ rows: [{ newDocumentState: { ...doomed, _deleted: true }, assumedMasterState: doomed }] });
  });
  afterAll(async () => {
    aliceSocket.close();
    await server.close();
  });

  it('[EX1] the export is the whole account: every live task once, every field as stored, seq order, no tombstone', async () => {
    const before = Date.now();
    const exported = await exportOf(server, alice);
    expect(Object.keys(exported)).toEqual(['format', 'version', 'exportedAt', 'tasks']);
    expect(exported).toMatchObject({ format: 'tasklane-export', version: 1 });
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

  it('[EX5] an export imported into a fresh account recreates every task field for field; importing it again changes nothing', async () => {
    const exported = await exportOf(server, alice);
    const carol = await registerUser(server.url);
    const first = await importInto(server, carol, exported);
    expect(first).toMatchObject({ status: 200, body: { created: 1009, updated: 0, unchanged: 0 } });
    const recreated = await liveTasks(server.store, carol.id);
    expect(recreated.map(withoutSeq).sort(byId)).toEqual(exported.tasks.map(withoutSeq).sort(byId));
    expect((await exportOf(server, carol)).tasks.map(withoutSeq)).toEqual(exported.tasks.map(withoutSeq));

    const state = await accountState(server, carol);
    const again = await importInto(server, carol, exported);
    expect(again).toMatchObject({ status: 200, body: { created: 0, updated: 0, unchanged: 1009 } });
    expect(await accountState(server, carol)).toEqual(state);

    // The owner's own file, imported back into the account it came from, is unchanged too.
    expect((await importInto(server, alice, exported)).body).toEqual({ created: 0, updated: 0, unchanged: 1009 });
  });

  it('[EX5] [EX6] an import reaches the user’s sockets as changes, counts in the sync metrics, and reaches no other user', async () => {
    const bob = await registerUser(server.url);
    const bobSocket = await connectSocket(server.url, bob.accessToken);
    const metricsBefore = await (await fetch(`${server.metricsUrl}/metrics`)).text();
    const fresh = variedTasks(3);
    const exported = { ...(await exportOf(server, alice)), tasks: fresh };
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

    const written = (metrics: string) => Number(/^sync_documents_total\{kind="written"\} (\d+)/m.exec(metrics)?.[1] ?? 'NaN');
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
    expect((await importInto(server, bob, { ...aliceExport, tasks: hostile })).body).toEqual({ created: 10, updated: 0, unchanged: 0 });
    expect(await accountState(server, alice)).toEqual(aliceBefore);
    expect((await server.store.getTask(bob.id, hostile[0]!.id))?.title).toBe('taken over');
    await waitFor(() => bobSocket.changes.length > bobChangesBefore, 5000, "Bob's own changes");
    await aliceSocket.pull({ checkpoint: null, limit: 1 });
    expect(aliceSocket.changes.length).toBe(aliceChangesBefore);

    // The same import again is now an update of Bob's copies only, and still nothing of Alice's.
    const newer = hostile.map((task) => ({ ...task, title: 'taken over twice', updatedAt: aliceExport.exportedAt }));
    expect((await importInto(server, bob, { ...aliceExport, tasks: newer })).body).toEqual({ created: 0, updated: 10, unchanged: 0 });
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
      ['a newer version', { body: { ...exported, version: 2 } }, /export version 2 was written by a newer Tasklane/],
      ['no exportedAt', { body: { format: 'tasklane-export', version: 1, tasks: good } }, /exportedAt/],
      ['an unknown top-level field', { body: { ...exported, tasks: good, lists: [] } }, /lists/],
      [
        'a userId in a task',
        { body: { ...exported, tasks: [...good, { ...good[0]!, id: 'x1', userId: 'someone' }] } },
        /tasks\.501.*userId/,
      ],
      ['a tombstone', { body: { ...exported, tasks: [...good, { ...good[0]!, id: 'x2', _deleted: true }] } }, /no deleted tasks/],
      ['an id twice', { body: { ...exported, tasks: [...good, good[3]] } }, /tasks\.501\.id: id ".*" appears more than once/],
      [
        'a bad timestamp after the first batch',
        { body: { ...exported, tasks: [...good, { ...good[0]!, id: 'x3', dueAt: '2026-02-31T00:00:00Z' }] } },
        /tasks\.501\.dueAt/,
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
      version: 1,
      exportedAt: new Date(Date.now() + 3_600_000).toISOString(),
      tasks: variedTasks(2),
    };
    const refused = await importInto(server, erin, future);
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'INVALID_MESSAGE' } } });
    expect(refused.body.error.message).toMatch(/^exportedAt: .* a file cannot have been exported in the future/);
    expect(await accountState(server, erin)).toEqual({ highestSeq: 0, tasks: [] });

    const [kept, gone] = [makeTask({ updatedAt: '2999-12-31T00:00:00.000Z' }), makeTask({ title: 'deleted since' })];
    const file = { format: 'tasklane-export', version: 1, exportedAt, tasks: [kept, gone] };
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
    const envelope = { format: 'tasklane-export', version: 1, exportedAt: new Date().toISOString() };
    const many = variedTasks(IMPORT_LIMITS.maxTasks + 1);

    const tooMany = await importInto(server, dave, { ...envelope, tasks: many });
    expect(tooMany).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
    expect(tooMany.body.error.message).toMatch(/at most 5000 tasks/);
    const tooBig = await importInto(server, dave, {
      ...envelope,
      tasks: [{ ...many[0]!, description: 'x'.repeat(IMPORT_LIMITS.maxBodyBytes) }],
    });
    expect(tooBig).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
    expect(await accountState(server, dave)).toEqual({ highestSeq: 0, tasks: [] });

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

  it('[EX2] [EX3] the CSV export: a download of quoted UTF-8 with a BOM and a header row, formulas neutralised', async () => {
    const erin = await registerUser(server.url);
    const socket = await connectSocket(server.url, erin.accessToken);
    const hostile = makeTask({
      id: 'csv-1',
      title: '=HYPERLINK("http://evil.example","click")',
      description: 'a, "b"\r\n@c',
      tags: ['-1+2', 'ok'],
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
      '"id","title","description","status","priority","dueAt","tags","createdAt","updatedAt","completedAt"\r\n' +
        `"csv-1","'=HYPERLINK(""http://evil.example"",""click"")","a, ""b""\r\n'@c","todo","medium","","'-1+2, ok","${stored.createdAt}","${stored.updatedAt}",""\r\n`,
    );
  });

  it('[EX8] export and import need a valid access token: 401 otherwise, and nothing changes', async () => {
    const exported = { format: 'tasklane-export', version: 1, exportedAt: new Date().toISOString(), tasks: variedTasks(2) };
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
      const envelope = { format: 'tasklane-export', version: 1, exportedAt: new Date().toISOString() };
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
