import { INBOX_LIST_ID } from '@tasklane/shared/domain/task-list';
import type { ChangesEvent } from '@tasklane/shared/protocol/changes';
import type { Checkpoint } from '@tasklane/shared/protocol/checkpoint';
import { REPLICATED_COLLECTIONS, type ReplicatedCollection } from '@tasklane/shared/protocol/collections';
import { changesLeaveGap, checkpointSeq } from '@tasklane/shared/sync/checkpoint-position';
import { registerUser } from '@tasklane/testkit/api-client';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, sleep, waitFor, type PullAnswer, type TestSocket } from '@tasklane/testkit/sync-socket';
import type { Ack } from '@tasklane/shared/protocol/ack';

function data<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

type Checkpoints = Record<ReplicatedCollection, Checkpoint | null>;

/**
 * The client side of [CH3] and [CO3] as a pure step, for a client with one checkpoint per collection: whether the
 * event is new and follows on from its collection's checkpoint (`apply`), leaves a gap there (`gap`: pull that
 * collection), and the checkpoints after it. `crossCollection: false` is the rule of protocol 1 applied to each
 * collection alone, kept to show what [CO3] saves.
 */
function onChanges(
  checkpoints: Checkpoints,
  event: ChangesEvent,
  crossCollection = true,
): { apply: boolean; gap: boolean; checkpoints: Checkpoints } {
  const own = checkpoints[event.collection];
  const seen = checkpointSeq(event.checkpoint) <= checkpointSeq(own); // already had through a pull
  const gap = !seen && changesLeaveGap(event.previous, own);
  const next = { ...checkpoints };
  if (!seen && !gap) next[event.collection] = event.checkpoint;
  for (const other of REPLICATED_COLLECTIONS) {
    const theirs = checkpoints[other];
    // Every seq after `previous`, up to `checkpoint`, is a document of the event's collection ([CH2]), none of this one.
    const followsOn = checkpointSeq(theirs) >= checkpointSeq(event.previous) && checkpointSeq(theirs) < event.checkpoint.seq;
    if (crossCollection && other !== event.collection && followsOn) next[other] = event.checkpoint;
  }
  return { apply: !seen && !gap, gap, checkpoints: next };
}

type Replicated = { id: string; seq: number };

/** A device holding both collections, fed `changes` in order and pulling a collection until empty on a gap. */
function createReplica(socket: TestSocket, crossCollection = true) {
  let checkpoints: Checkpoints = { tasks: null, lists: null };
  const documents: Record<ReplicatedCollection, Map<string, Replicated>> = { tasks: new Map(), lists: new Map() };
  const resyncs: ReplicatedCollection[] = [];
  const keep = (collection: ReplicatedCollection, received: Replicated[]) => {
    for (const document of received) {
      if ((documents[collection].get(document.id)?.seq ?? 0) < document.seq) documents[collection].set(document.id, document);
    }
  };
  async function pullUntilEmpty(collection: ReplicatedCollection): Promise<void> {
    for (;;) {
      const request = { checkpoint: checkpoints[collection], limit: 2 };
      const page: PullAnswer<Replicated> =
        collection === 'lists' ? data(await socket.pullLists(request)) : data(await socket.pull(request));
      if (page.documents.length === 0) return;
      keep(collection, page.documents);
      checkpoints = { ...checkpoints, [collection]: page.checkpoint };
    }
  }
  return {
    documents,
    resyncs,
    checkpoints: () => checkpoints,
    async catchUp() {
      for (const collection of REPLICATED_COLLECTIONS) await pullUntilEmpty(collection);
    },
    async receive(event: ChangesEvent) {
      const step = onChanges(checkpoints, event, crossCollection);
      checkpoints = step.checkpoints;
      if (step.apply) keep(event.collection, event.documents);
      if (!step.gap) return;
      resyncs.push(event.collection);
      await pullUntilEmpty(event.collection);
    },
  };
}

/** Feeds each `changes` event the reader receives to the replicas as it arrives, except those `drop` names. */
function liveFeed(reader: TestSocket, replicas: ReturnType<typeof createReplica>[], drop: (index: number) => boolean = () => false) {
  let fed = 0;
  return async function settle(): Promise<void> {
    await waitFor(() => reader.allChanges.length > fed, 5000, `changes event ${fed + 1}`);
    for (; fed < reader.allChanges.length; fed += 1) {
      if (drop(fed)) continue;
      for (const replica of replicas) await replica.receive(reader.allChanges[fed]!);
    }
  };
}

describe('protocol 2: tasks and lists over one socket (real server on port 0)', () => {
  let server: TestServer;
  const sockets: TestSocket[] = [];
  const connectNewUser = async (count = 1) => {
    const user = await registerUser(server.url);
    const connected: TestSocket[] = [];
    for (let index = 0; index < count; index += 1) connected.push(await connectSocket(server.url, user.accessToken));
    sockets.push(...connected);
    return { user, sockets: connected };
  };

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await server.close();
  });

  it('[CO1] [DM22] a pull names its collection: lists come only from a lists pull, its checkpoint is the last list, and seq is one sequence for both', async () => {
    const {
      sockets: [socket],
    } = await connectNewUser();
    const inbox = makeList({ id: INBOX_LIST_ID, inbox: true, name: 'Inbox', order: 'a0' });
    const groceries = makeList({ name: 'Groceries', order: 'a1' });
    const task = makeTask({ title: 'Milk', listId: groceries.id });
    data(await socket!.pushLists({ rows: [{ newDocumentState: inbox }] }));
    data(await socket!.push({ rows: [{ newDocumentState: task }] }));
    data(await socket!.pushLists({ rows: [{ newDocumentState: groceries }] }));

    const lists = data(await socket!.pullLists({ checkpoint: null, limit: 10 }));
    const generation = lists.checkpoint!.generation;
    expect(lists).toEqual({
      documents: [
        { ...inbox, seq: 1 },
        { ...groceries, seq: 3 },
      ],
      checkpoint: { seq: 3, generation },
    });
    const tasks = data(await socket!.pull({ checkpoint: null, limit: 10 }));
    expect(tasks).toEqual({ documents: [{ ...task, seq: 2 }], checkpoint: { seq: 2, generation } });
    expect(data(await socket!.pull({ collection: 'tasks', checkpoint: null, limit: 10 }))).toEqual(tasks);

    // Paging ([P1], [P2]) per collection: the checkpoint of each page is its last list; an empty page answers the request's.
    const first = data(await socket!.pullLists({ checkpoint: null, limit: 1 }));
    expect(first).toEqual({ documents: [{ ...inbox, seq: 1 }], checkpoint: { seq: 1, generation } });
    expect(data(await socket!.pullLists({ checkpoint: first.checkpoint, limit: 1 }))).toEqual({
      documents: [{ ...groceries, seq: 3 }],
      checkpoint: { seq: 3, generation },
    });
    expect(data(await socket!.pullLists({ checkpoint: { seq: 3, generation }, limit: 1 }))).toEqual({
      documents: [],
      checkpoint: { seq: 3, generation },
    });
    // A tasks checkpoint past the last task but not past the user's newest change is in range for both.
    expect(data(await socket!.pull({ checkpoint: { seq: 3, generation }, limit: 10 }))).toEqual({
      documents: [],
      checkpoint: { seq: 3, generation },
    });
  });

  it('[CO1] [G3] a checkpoint of either collection is judged against the one head of both: another generation, or past the newest change, is CHECKPOINT_UNKNOWN', async () => {
    const {
      sockets: [socket],
    } = await connectNewUser();
    data(await socket!.push({ rows: [{ newDocumentState: makeTask() }] }));
    data(await socket!.pushLists({ rows: [{ newDocumentState: makeList() }] }));
    const { generation } = data(await socket!.pullLists({ checkpoint: null, limit: 10 })).checkpoint!;
    for (const checkpoint of [
      { seq: 2, generation: 'another-store' },
      { seq: 0, generation: 'another-store' },
      { seq: 3, generation },
    ]) {
      for (const pulled of [await socket!.pullLists({ checkpoint, limit: 10 }), await socket!.pull({ checkpoint, limit: 10 })]) {
        expect(pulled).toEqual({ ok: false, error: { code: 'CHECKPOINT_UNKNOWN', message: expect.any(String), retryable: false } });
      }
    }
    expect(data(await socket!.pullLists({ checkpoint: { seq: 2, generation }, limit: 10 })).documents).toEqual([]);
  });

  it.each([
    ['pull of an unknown collection', 'pull', { collection: 'projects', checkpoint: null, limit: 10 }],
    ['pull whose collection is not a string', 'pull', { collection: { $ne: null }, checkpoint: null, limit: 10 }],
    ['push of an unknown collection', 'push', { collection: 'projects', rows: [{ newDocumentState: makeTask() }] }],
    ['push of lists whose row holds no list', 'push', { collection: 'lists', rows: [{ newDocumentState: [makeList()] }] }],
  ])('[CO1] [V1] a %s is INVALID_MESSAGE and changes nothing', async (_what, event, payload) => {
    const {
      sockets: [socket, other],
    } = await connectNewUser(2);
    data(await socket!.pushLists({ rows: [{ newDocumentState: makeList({ name: 'kept' }) }] }));
    await waitFor(() => other!.allChanges.length === 1, 5000, 'the first changes');
    const before = [await socket!.pull({ checkpoint: null, limit: 100 }), await socket!.pullLists({ checkpoint: null, limit: 100 })];
    const ack = event === 'pull' ? await socket!.pull(payload) : await socket!.push(payload);
    expect(ack).toEqual({ ok: false, error: { code: 'INVALID_MESSAGE', message: expect.any(String), retryable: false } });
    expect([await socket!.pull({ checkpoint: null, limit: 100 }), await socket!.pullLists({ checkpoint: null, limit: 100 })]).toEqual(
      before,
    );
    await sleep(100);
    expect(other!.allChanges).toHaveLength(1);
  });

  it.each([
    ['push of lists holding a task', 'lists', makeTask()],
    ['push of tasks (collection absent) holding a list', undefined, makeList()],
    ['list carrying a userId', 'lists', { ...makeList(), userId: 'someone-else' }],
    ['second Inbox', 'lists', makeList({ inbox: true })],
    ['blank list name', 'lists', makeList({ name: '   ' })],
  ])('[CO1] [V1] [RJ9] a %s refuses that row with INVALID_MESSAGE and changes nothing', async (_what, collection, document) => {
    const {
      sockets: [socket, other],
    } = await connectNewUser(2);
    data(await socket!.pushLists({ rows: [{ newDocumentState: makeList({ name: 'kept' }) }] }));
    await waitFor(() => other!.allChanges.length === 1, 5000, 'the first changes');
    const before = [await socket!.pull({ checkpoint: null, limit: 100 }), await socket!.pullLists({ checkpoint: null, limit: 100 })];
    const payload = { ...(collection && { collection }), rows: [{ newDocumentState: document }] };
    expect(await socket!.push(payload)).toEqual({
      ok: true,
      data: { conflicts: [], refused: [{ id: document.id, code: 'INVALID_MESSAGE', message: expect.any(String) }] },
    });
    expect([await socket!.pull({ checkpoint: null, limit: 100 }), await socket!.pullLists({ checkpoint: null, limit: 100 })]).toEqual(
      before,
    );
    await sleep(100);
    expect(other!.allChanges).toHaveLength(1);
  });

  it("[CO2] [CH1] a push of lists is a lists changes event on every socket of the user, the writer's included, and on no other user's", async () => {
    const {
      sockets: [laptop, phone],
    } = await connectNewUser(2);
    const {
      sockets: [stranger],
    } = await connectNewUser();
    const list = makeList({ name: 'Work' });
    data(await laptop!.pushLists({ rows: [{ newDocumentState: list }] }));
    data(await laptop!.push({ rows: [{ newDocumentState: makeTask({ listId: list.id }) }] }));
    for (const socket of [laptop!, phone!]) {
      await waitFor(() => socket.allChanges.length === 2, 5000, 'both changes');
      const [lists, tasks] = socket.allChanges;
      expect(lists).toEqual({
        collection: 'lists',
        documents: [{ ...list, seq: 1 }],
        checkpoint: { seq: 1, generation: expect.any(String) },
        previous: null,
      });
      expect(tasks).toMatchObject({ collection: 'tasks', checkpoint: { seq: 2 }, previous: lists!.checkpoint });
    }
    await sleep(100);
    expect(stranger!.allChanges).toEqual([]);
  });

  it('[DM22] lists follow the push rules of tasks: a stale base conflicts and returns the server list, a retried row writes nothing, timestamps come back canonical', async () => {
    const {
      sockets: [socket, other],
    } = await connectNewUser(2);
    const list = makeList({ name: 'Trip', createdAt: '2026-03-01T10:00:00+02:00', updatedAt: '2026-03-01T10:00:00.0001+02:00' });
    data(await socket!.pushLists({ rows: [{ newDocumentState: list }] }));
    const [master] = data(await socket!.pullLists({ checkpoint: null, limit: 10 })).documents;
    expect(master).toEqual({ ...list, createdAt: '2026-03-01T08:00:00.000Z', updatedAt: '2026-03-01T08:00:00.000Z', seq: 1 });

    const renamed = { ...master!, name: 'Trip to Lisbon', updatedAt: '2026-03-02T08:00:00.000Z' };
    expect(data(await socket!.pushLists({ rows: [{ newDocumentState: renamed, assumedMasterState: master }] }))).toEqual({ conflicts: [] });
    // [W3]: the same base again is stale now; [W4]: no base at all; either returns the server's list and writes nothing.
    const stale = data(
      await socket!.pushLists({ rows: [{ newDocumentState: { ...master!, colour: 'red' }, assumedMasterState: master }] }),
    );
    const blind = data(await socket!.pushLists({ rows: [{ newDocumentState: { ...master!, colour: 'blue' } }] }));
    expect([stale, blind]).toEqual([{ conflicts: [{ ...renamed, seq: 2 }] }, { conflicts: [{ ...renamed, seq: 2 }] }]);
    // [W5]: the retry of a written row is reported with the current seq and written no second time.
    expect(data(await socket!.pushLists({ rows: [{ newDocumentState: renamed, assumedMasterState: master }] }))).toEqual({
      conflicts: [{ ...renamed, seq: 2 }],
    });
    await waitFor(() => other!.listChanges.length === 2, 5000, 'two lists changes');
    await sleep(100);
    expect(other!.listChanges.map((event) => event.documents.map((written) => [written.name, written.seq]))).toEqual([
      [['Trip', 1]],
      [['Trip to Lisbon', 2]],
    ]);
  });

  it('[D4] [DM10] a pushed recurring task is stored as its series says: the due of its current occurrence, never done while the series runs', async () => {
    const {
      sockets: [socket],
    } = await connectNewUser();
    const task = makeTask({
      title: 'Water the plants',
      recurrence: { rule: { frequency: 'daily', interval: 1, end: { kind: 'never' } }, start: { date: '2026-03-02' }, startOccurrence: 0 },
      recurrenceEditedAt: '2026-03-01T09:00:00.000Z',
      occurrence: 2,
      due: null,
      status: 'done',
      completedAt: '2026-03-01T09:00:00.000Z',
      updatedAt: '2026-03-01T10:00:00+01:00',
    });
    data(await socket!.push({ rows: [{ newDocumentState: task }] }));
    const [stored] = data(await socket!.pull({ checkpoint: null, limit: 10 })).documents;
    expect(stored).toEqual({
      ...task,
      due: { date: '2026-03-04' },
      status: 'todo',
      completedAt: null,
      updatedAt: '2026-03-01T09:00:00.000Z',
      seq: 1,
    });
    // Pushing the document as it was sent again is the same row ([W5]): nothing new is written.
    expect(data(await socket!.push({ rows: [{ newDocumentState: task, assumedMasterState: stored }] }))).toEqual({ conflicts: [] });
    expect(data(await socket!.pull({ checkpoint: null, limit: 10 })).checkpoint!.seq).toBe(1);
  });

  describe('[CO3] previous with one checkpoint per collection', () => {
    /** Interleaved writes of both collections from one device, each push one event; `settle` runs after each. */
    async function interleavedWrites(writer: TestSocket, settle: () => Promise<void>): Promise<void> {
      const write = async (ack: Promise<Ack<unknown>>) => {
        data(await ack);
        await settle();
      };
      const groceries = makeList({ name: 'Groceries', order: 'a1' });
      const [a, b, c] = [makeTask({ title: 'a' }), makeTask({ title: 'b' }), makeTask({ title: 'c' })];
      await write(writer.pushLists({ rows: [{ newDocumentState: makeList({ id: INBOX_LIST_ID, inbox: true, name: 'Inbox' }) }] })); // 1
      await write(writer.push({ rows: [{ newDocumentState: a }] })); // 2
      await write(writer.push({ rows: [{ newDocumentState: b }, { newDocumentState: c }] })); // 3, 4
      await write(writer.pushLists({ rows: [{ newDocumentState: groceries }] })); // 5
      await write(writer.push({ rows: [{ newDocumentState: makeTask({ title: 'd', listId: groceries.id }) }] })); // 6
      const [groceriesMaster] = data(await writer.pullLists({ checkpoint: { seq: 4 }, limit: 1 })).documents;
      const renamed = { ...groceriesMaster!, name: 'Shopping' };
      await write(writer.pushLists({ rows: [{ newDocumentState: renamed, assumedMasterState: groceriesMaster }] })); // 7
      const [aMaster] = data(await writer.pull({ checkpoint: null, limit: 1 })).documents;
      await write(writer.push({ rows: [{ newDocumentState: { ...aMaster!, title: 'a, edited' }, assumedMasterState: aMaster }] })); // 8
    }

    async function serverState(socket: TestSocket) {
      const replica = createReplica(socket);
      await replica.catchUp();
      return replica.documents;
    }

    it('[CO3] a device that hears every event of both collections never pulls: each event also moves the other collection on', async () => {
      const {
        sockets: [writer, reader],
      } = await connectNewUser(2);
      const replica = createReplica(reader!);
      const protocolOne = createReplica(reader!, false);
      await replica.catchUp();
      await protocolOne.catchUp();
      await interleavedWrites(writer!, liveFeed(reader!, [replica, protocolOne]));

      expect(replica.resyncs).toEqual([]);
      // The rule of protocol 1 alone, one checkpoint per collection, pulls at every switch of collection.
      expect(protocolOne.resyncs).toEqual(['tasks', 'lists', 'tasks', 'lists', 'tasks']);
      const head = reader!.allChanges[reader!.allChanges.length - 1]!.checkpoint;
      expect(head.seq).toBe(8);
      expect(replica.checkpoints()).toEqual({ tasks: head, lists: head });
      expect(replica.documents).toEqual(await serverState(reader!));
      expect(protocolOne.documents).toEqual(replica.documents);
    });

    it('[CO3] [CH3] a lost event still leaves a gap: the collection that lost it pulls it at its next event, and the device converges', async () => {
      const {
        sockets: [writer, reader],
      } = await connectNewUser(2);
      const replica = createReplica(reader!);
      await replica.catchUp();
      await interleavedWrites(
        writer!,
        liveFeed(reader!, [replica], (index) => index === 3),
      );
      expect(reader!.allChanges[3]).toMatchObject({ collection: 'lists', checkpoint: { seq: 5 } });

      // Seq 5 could have been a task: the next tasks event (6) pulls tasks, and the next lists event (7) pulls lists.
      expect(replica.resyncs).toEqual(['tasks', 'lists']);
      expect([...replica.documents.lists.values()].map((list) => [list.seq, (list as unknown as { name: string }).name])).toEqual([
        [1, 'Inbox'],
        [7, 'Shopping'],
      ]);
      const head = reader!.allChanges[reader!.allChanges.length - 1]!.checkpoint;
      expect(replica.checkpoints()).toEqual({ tasks: head, lists: head });
      expect(replica.documents).toEqual(await serverState(reader!));
    });
  });
});
