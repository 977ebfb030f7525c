import { registerVerifiedUser } from '@tasklane/testkit/verified-user';
import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import type { StoredTaskList } from '@tasklane/shared/domain/task-list';
import type { InvitationView } from '@tasklane/shared/domain/sharing-schema';
import type { Ack } from '@tasklane/shared/protocol/ack';
import type { ServerCheckpoint } from '@tasklane/shared/protocol/checkpoint';
import { api, type RegisteredUser } from '@tasklane/testkit/api-client';
import { freePort } from '@tasklane/testkit/free-port';
import { startSmtpInbox, type SmtpInbox } from '@tasklane/testkit/smtp-inbox';
import { redisAvailable, REDIS_SERVER_BIN, startRedis, type RedisProcess } from '@tasklane/testkit/redis-process';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { connectSocket, waitFor, type PullAnswer, type TestSocket } from '@tasklane/testkit/sync-socket';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { makeTempDir } from '@tasklane/testkit/temp-dir';

/** "Live": a change reaches every member's sockets, on either instance, well within this (docs/benchmarks.md [SB1]). */
const LIVE_MS = 5000;

function ok<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

/** The fields these tests read of a task (`title`) or a list (`name`). */
type Received = { id: string; _deleted: boolean; title?: string; name?: string };

/** Every time this socket received the document in a `changes` event of that collection, newest last. */
function received(socket: TestSocket, id: string, collection: 'tasks' | 'lists' = 'tasks'): Received[] {
  return socket.allChanges
    .filter((event) => event.collection === collection)
    .flatMap((event) => (event.documents as Received[]).filter((document) => document.id === id));
}

/** [SH5] What a document a member may no longer see becomes: a tombstone that tells nothing of it. */
const isHidden = (document: Received) => document._deleted && (document.title ?? document.name) === 'No access';

const hears = (socket: TestSocket, id: string, collection: 'tasks' | 'lists' = 'tasks') => received(socket, id, collection).length > 0;

/** Pulls one collection from `checkpoint` until an empty page: every document, in order, and the checkpoint reached. */
async function pullAll<D>(
  pull: (checkpoint: ServerCheckpoint | null) => Promise<Ack<PullAnswer<D>>>,
  from: ServerCheckpoint | null = null,
): Promise<{ documents: D[]; checkpoint: ServerCheckpoint | null }> {
  const documents: D[] = [];
  let checkpoint = from;
  for (let page = 0; page < 100; page += 1) {
    const answer = ok(await pull(checkpoint));
    if (answer.documents.length === 0) return { documents, checkpoint };
    documents.push(...answer.documents);
    checkpoint = answer.checkpoint;
  }
  throw new Error('more than 100 pages: the pull does not end');
}

const pullTasks = (socket: TestSocket, from: ServerCheckpoint | null = null) =>
  pullAll<StoredTask>((checkpoint) => socket.pull({ checkpoint, limit: 100 }), from);
const pullLists = (socket: TestSocket, from: ServerCheckpoint | null = null) =>
  pullAll<StoredTaskList>((checkpoint) => socket.pullLists({ checkpoint, limit: 100 }), from);

async function stopHard(server: ServerProcess): Promise<void> {
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 5000);
  await server.stop();
  clearTimeout(timer);
}

/**
 * Shared lists across two sync-server processes on one store, fanned out through a real redis-server
 * (docs/protocol.md [SH6], [CH3]; docs/benchmarks.md [SB1]–[SB4]): the owner on instance A, members on B.
 */
describe('shared lists across two instances through Redis', () => {
  const temp = makeTempDir('shared-lists-redis');
  const servers: ServerProcess[] = [];
  const sockets: TestSocket[] = [];
  let redis: RedisProcess | undefined;
  let inbox: SmtpInbox | undefined;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    if (!redisAvailable()) {
      throw new Error(`${REDIS_SERVER_BIN} is not installed: apt-get install -y redis-server (scripts/test-all.sh does)`);
    }
    redis = await startRedis(await freePort());
    // Mail is on, so accepting needs a verified address ([SH3]), as on a real server.
    inbox = await startSmtpInbox();
    for (let i = 0; i < 2; i += 1) {
      servers.push(await startServerProcess({ DATA_DIR: temp.dir, REDIS_URL: redis.url, SMTP_URL: inbox.url, RATE_LIMIT_AUTH: '1000' }));
    }
    [a, b] = servers as [ServerProcess, ServerProcess];
    for (const server of servers) {
      await waitFor(async () => (await api(server.url, 'GET', '/ready')).body?.status === 'ready', 10_000, `${server.url} ready`);
    }
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.allSettled(servers.map(stopHard));
    await redis?.kill();
    await inbox?.close();
    temp.remove();
  });

  /** Signs up on `server` and confirms the address through the link mailed to it. */
  const person = (server: ServerProcess): Promise<RegisteredUser> => registerVerifiedUser(server.url, inbox!);

  async function socketOn(server: ServerProcess, person: RegisteredUser): Promise<TestSocket> {
    const socket = await connectSocket(server.url, person.accessToken);
    sockets.push(socket);
    return socket;
  }

  const call = (server: ServerProcess, person: RegisteredUser, method: string, path: string, body?: unknown) =>
    api(server.url, method, path, { token: person.accessToken, ...(body === undefined ? {} : { body }) });

  async function createList(owner: RegisteredUser, name: string): Promise<StoredTaskList> {
    const response = await call(a, owner, 'POST', '/api/lists', { name });
    expect(response.status).toBe(201);
    return response.body as StoredTaskList;
  }

  /** Invited over REST on A, accepted over REST on B. */
  async function share(owner: RegisteredUser, listId: string, member: RegisteredUser, role: 'editor' | 'viewer'): Promise<void> {
    expect((await call(a, owner, 'POST', `/api/lists/${listId}/invitations`, { email: member.email, role })).status).toBe(201);
    const mine = (await call(b, member, 'GET', '/api/invitations')).body as { invitations: InvitationView[] };
    const invitation = mine.invitations.find((entry) => entry.listId === listId);
    expect(invitation).toMatchObject({ role });
    expect((await call(b, member, 'POST', `/api/invitations/${invitation!.id}/accept`)).status).toBe(200);
  }

  async function push(socket: TestSocket, task: Task, base?: StoredTask): Promise<void> {
    const answer = ok(await socket.push({ rows: [{ newDocumentState: task, ...(base ? { assumedMasterState: base } : {}) }] }));
    expect(answer).toEqual({ conflicts: [] });
  }

  it("[SB1] [SH6] [SH5] an invitation accepted on B makes the owner's writes on A reach the members' sockets on B live, an editor's write on B reaches the owner on A, and removing the viewer on A hides the list on the viewer's sockets on B", async () => {
    const [owner, editor, viewer] = [await person(a), await person(b), await person(b)];
    const ownerSocket = await socketOn(a, owner);
    const editorSockets = [await socketOn(b, editor), await socketOn(b, editor)];
    const viewerSockets = [await socketOn(b, viewer), await socketOn(b, viewer)];
    const members = [...editorSockets, ...viewerSockets];
    const list = await createList(owner, 'Across instances');
    const before = makeTask({ title: 'Before sharing', listId: list.id });
    await push(ownerSocket, before);

    await share(owner, list.id, editor, 'editor');
    await share(owner, list.id, viewer, 'viewer');
    // joining is live on B: the list itself, and a gap that makes devices pull the rest ([SH3])
    await waitFor(() => members.every((socket) => hears(socket, list.id, 'lists')), LIVE_MS, "the list on the members' sockets on B");
    for (const socket of members) expect((await pullTasks(socket)).documents.map((task) => task.id)).toEqual([before.id]);

    const fromOwner = makeTask({ title: 'Written on A', listId: list.id });
    await push(ownerSocket, fromOwner);
    await waitFor(() => members.every((socket) => hears(socket, fromOwner.id)), LIVE_MS, "the owner's write on the members' sockets on B");
    expect(received(viewerSockets[1]!, fromOwner.id)).toEqual([expect.objectContaining({ title: 'Written on A', _deleted: false })]);

    const fromEditor = makeTask({ title: 'Written on B', listId: list.id });
    await push(editorSockets[0]!, fromEditor);
    await waitFor(() => hears(ownerSocket, fromEditor.id), LIVE_MS, "the editor's write on the owner's socket on A");
    await waitFor(() => members.every((socket) => hears(socket, fromEditor.id)), LIVE_MS, "the editor's write on every member socket");

    const beforeRemoval = await Promise.all(
      viewerSockets.map(async (socket) => ({ tasks: await pullTasks(socket), lists: await pullLists(socket) })),
    );
    const heardBefore = viewerSockets.map((socket) => socket.allChanges.length);
    expect((await call(a, owner, 'DELETE', `/api/lists/${list.id}/members/${viewer.id}`)).status).toBe(204);
    // live: each viewer socket hears of the removal (the newest hidden entry of each collection, whose gap makes it pull)
    const hiding = (socket: TestSocket, index: number, collection: 'tasks' | 'lists') =>
      socket.allChanges
        .slice(heardBefore[index])
        .some((event) => event.collection === collection && (event.documents as Received[]).some((document) => isHidden(document)));
    await waitFor(
      () => viewerSockets.every((socket, index) => hiding(socket, index, 'tasks') && hiding(socket, index, 'lists')),
      LIVE_MS,
      "the removal on the viewer's sockets on B",
    );
    for (const [index, socket] of viewerSockets.entries()) {
      // the live event shows a gap after the device's checkpoint, so the device pulls ([CH3])
      const gap = socket.allChanges.slice(heardBefore[index]).find((event) => event.collection === 'tasks');
      expect(gap?.previous?.seq).toBeGreaterThan(beforeRemoval[index]!.tasks.checkpoint!.seq);
      const tasks = await pullTasks(socket, beforeRemoval[index]!.tasks.checkpoint);
      expect(
        tasks.documents
          .filter(isHidden)
          .map((task) => task.id)
          .sort(),
      ).toEqual([before.id, fromOwner.id, fromEditor.id].sort());
      expect(tasks.documents.filter((task) => !isHidden(task))).toEqual([]);
      const lists = await pullLists(socket, beforeRemoval[index]!.lists.checkpoint);
      expect(lists.documents.map((entry) => ({ id: entry.id, hidden: isHidden(entry) }))).toEqual([{ id: list.id, hidden: true }]);
    }

    // nothing later reaches the removed viewer, live or by pull; the editor still hears the list
    const after = makeTask({ title: 'After the removal', listId: list.id });
    await push(ownerSocket, after);
    await waitFor(() => editorSockets.every((socket) => hears(socket, after.id)), LIVE_MS, 'the editor hears the later write');
    for (const socket of viewerSockets) {
      expect(hears(socket, after.id)).toBe(false);
      expect((await pullTasks(socket)).documents.filter((task) => !task._deleted)).toEqual([]);
      expect((await pullLists(socket)).documents.filter((entry) => entry.id === list.id && !entry._deleted)).toEqual([]);
    }
  });

  it("[SB2] [CH3] a member's device that was disconnected during writes gets them all by its next pull from its checkpoint, on either instance", async () => {
    const [owner, editor] = [await person(a), await person(b)];
    const ownerSocket = await socketOn(a, owner);
    const list = await createList(owner, 'Heals');
    const first = makeTask({ title: 'First', listId: list.id });
    await push(ownerSocket, first);
    await share(owner, list.id, editor, 'editor');
    const away = await socketOn(b, editor);
    const stays = await socketOn(b, editor);
    const caughtUp = await pullTasks(away);
    expect(caughtUp.documents.map((task) => task.id)).toEqual([first.id]);

    away.close();
    await waitFor(() => !away.socket.connected, LIVE_MS, 'the device to go offline');
    const whileAway = makeTask({ title: 'While away', listId: list.id });
    await push(ownerSocket, whileAway);
    const byOtherDevice = makeTask({ title: 'From the other device', listId: list.id });
    await push(stays, byOtherDevice);
    const [firstAsOwner] = (await pullTasks(ownerSocket)).documents.filter((task) => task.id === first.id);
    await push(ownerSocket, { ...firstAsOwner!, title: 'First, edited', updatedAt: new Date().toISOString() }, firstAsOwner);
    // the device that stayed heard all three live, so the broadcasts were sent: only the one that was away missed them
    await waitFor(() => [whileAway.id, byOtherDevice.id].every((id) => hears(stays, id)), LIVE_MS, 'the other device hears');
    await waitFor(() => received(stays, first.id).some((task) => task.title === 'First, edited'), LIVE_MS, 'the edit on the other device');

    for (const server of [a, b]) {
      const back = await socketOn(server, editor);
      const healed = await pullTasks(back, caughtUp.checkpoint);
      expect(healed.documents.map((task) => task.title).sort()).toEqual(['First, edited', 'From the other device', 'While away']);
      expect(healed.documents.every((task) => task.seq > caughtUp.checkpoint!.seq)).toBe(true);
      back.close();
    }
  });

  it('[SB3] [SH6] a write to a list whose members each have a socket on A and one on B reaches every member socket exactly once, for every write', async () => {
    const owner = await person(a);
    const ownerSocket = await socketOn(a, owner);
    const list = await createList(owner, 'Many members');
    const people = await Promise.all(Array.from({ length: 6 }, () => person(b)));
    for (const person of people) await share(owner, list.id, person, 'editor');
    const memberSockets: TestSocket[] = [];
    for (const person of people) memberSockets.push(await socketOn(a, person), await socketOn(b, person));

    const writes = Array.from({ length: 5 }, (_, index) => makeTask({ title: `Fan-out ${index}`, listId: list.id }));
    for (const task of writes) await push(ownerSocket, task);
    const marker = makeTask({ title: 'Last', listId: list.id });
    await push(ownerSocket, marker);
    await waitFor(() => memberSockets.every((socket) => hears(socket, marker.id)), LIVE_MS, 'the last write on every member socket');
    // a socket's events arrive in order: whatever came before the last write has arrived, duplicates too
    for (const socket of memberSockets) {
      expect(writes.map((task) => received(socket, task.id).length)).toEqual(writes.map(() => 1));
    }
  });

  it('[SB4] [SH8] a caught-up member of many shared lists pulls one empty page on either instance, and after one write exactly that document', async () => {
    const reader = await person(b);
    const owners = await Promise.all(Array.from({ length: 3 }, () => person(a)));
    const ownerSockets = await Promise.all(owners.map((owner) => socketOn(a, owner)));
    const lists: StoredTaskList[] = [];
    for (const [index, owner] of owners.entries()) {
      for (let n = 0; n < 4; n += 1) {
        const list = await createList(owner, `List ${index}.${n}`);
        ok(await ownerSockets[index]!.push({ rows: [0, 1].map(() => ({ newDocumentState: makeTask({ listId: list.id }) })) }));
        await share(owner, list.id, reader, 'viewer');
        lists.push(list);
      }
    }
    const readerSocket = await socketOn(b, reader);
    const tasks = await pullTasks(readerSocket);
    expect(tasks.documents).toHaveLength(24);
    expect((await pullLists(readerSocket)).documents.map((list) => list.id)).toEqual(expect.arrayContaining(lists.map((list) => list.id)));

    for (const server of [a, b]) {
      const socket = await socketOn(server, reader);
      expect(ok(await socket.pull({ checkpoint: tasks.checkpoint, limit: 1000 }))).toEqual({ documents: [], checkpoint: tasks.checkpoint });
      socket.close();
    }
    const one = makeTask({ title: 'The one change', listId: lists[5]!.id });
    await push(ownerSockets[1]!, one);
    const page = ok(await readerSocket.pull({ checkpoint: tasks.checkpoint, limit: 1000 }));
    expect(page.documents.map((task) => task.title)).toEqual(['The one change']);
  });
});
