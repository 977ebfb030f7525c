import { getLastCheckpointDoc } from 'rxdb/plugins/core';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import type { Checkpoint } from '@tasklane/shared/protocol/checkpoint';
import type { ReplicatedCollection } from '@tasklane/shared/protocol/collections';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, waitFor } from '@tasklane/testkit/sync-socket';
import { createTestDevice, type TestDevice } from '@tasklane/testkit/test-device';
import { createListRepository } from '../src/db/list-repository';
import { toTaskList } from '../src/db/to-task-list';
import type { SyncEngine } from '../src/sync/sync-engine';

/** The lists the server holds for the user, tombstones included (a pull from the beginning). */
async function serverLists(server: TestServer, user: RegisteredUser): Promise<TaskList[]> {
  const socket = await connectSocket(server.url, user.accessToken);
  try {
    const answer = await socket.pullLists({ checkpoint: null, limit: 1000 });
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.data.documents;
  } finally {
    socket.close();
  }
}

async function localLists(device: TestDevice): Promise<TaskList[]> {
  return (await device.db.lists.find().exec()).map((doc) => toTaskList(doc.toJSON() as TaskList));
}

/** Counts the pulls a device's engine sends, per collection. */
function countPulls(engine: SyncEngine): Map<ReplicatedCollection, number> {
  const counts = new Map<ReplicatedCollection, number>();
  const pull = engine.transport.pull.bind(engine.transport);
  engine.transport.pull = (payload) => {
    const collection = payload.collection ?? 'tasks';
    counts.set(collection, (counts.get(collection) ?? 0) + 1);
    return pull(payload);
  };
  return counts;
}

describe('lists replicate like tasks, over the same socket', () => {
  let server: TestServer;
  const devices: TestDevice[] = [];

  async function device(user: RegisteredUser) {
    const created = await createTestDevice(server.url, user);
    devices.push(created);
    return {
      device: created,
      lists: createListRepository({ lists: created.db.lists, tasks: created.db.tasks, taskRepository: created.tasks }),
    };
  }

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
  });
  afterAll(async () => {
    await server.close();
  });

  it('[DM22] [DM21] [CM9] a list created on one device reaches the other; a rename and a recolour made offline on two devices both survive', async () => {
    const user = await registerUser(server.url);
    const laptop = await device(user);
    const phone = await device(user);
    const laptopEngine = await laptop.device.goOnline();
    await phone.device.goOnline();
    const groceries = await laptop.lists.create({ name: 'Groceries', colour: 'green' });
    await laptopEngine.awaitInSync();
    await waitFor(async () => (await localLists(phone.device)).some((list) => list.id === groceries.id), 5000, 'the list on the phone');

    await laptop.device.goOffline();
    await phone.device.goOffline();
    await laptop.lists.rename(groceries.id, 'Weekly groceries');
    await phone.lists.recolour(groceries.id, 'orange');
    await (await laptop.device.goOnline()).awaitInSync();
    await (await phone.device.goOnline()).awaitInSync();

    const expected = { id: groceries.id, name: 'Weekly groceries', colour: 'orange', inbox: false, archived: false };
    await waitFor(async () => (await serverLists(server, user)).some((list) => list.colour === 'orange'), 8000, 'the merge on the server');
    expect((await serverLists(server, user)).find((list) => list.id === groceries.id)).toMatchObject(expected);
    await waitFor(async () => (await localLists(laptop.device)).some((list) => list.colour === 'orange'), 8000, 'the merge on the laptop');
    expect((await localLists(laptop.device)).find((list) => list.id === groceries.id)).toMatchObject(expected);
    expect((await localLists(phone.device)).find((list) => list.id === groceries.id)).toMatchObject(expected);
  });

  it('[CM4] every device has an Inbox from the start; two devices that sync make one Inbox document, and a new device does not undo a rename of it', async () => {
    const user = await registerUser(server.url);
    const first = await device(user);
    const second = await device(user);
    expect((await localLists(first.device)).map((list) => [list.id, list.inbox])).toEqual([['inbox', true]]);
    await (await first.device.goOnline()).awaitInSync();
    await first.lists.rename('inbox', 'Eingang');
    await (await first.device.goOnline()).awaitInSync();
    await (await second.device.goOnline()).awaitInSync();

    await waitFor(async () => (await localLists(second.device))[0]?.name === 'Eingang', 8000, 'the renamed Inbox on the second device');
    const onServer = await serverLists(server, user);
    expect(onServer.map((list) => [list.id, list.name])).toEqual([['inbox', 'Eingang']]);
    expect((await localLists(first.device)).map((list) => list.name)).toEqual(['Eingang']);
    await expect(first.lists.archive('inbox')).rejects.toThrow('the Inbox cannot be archived');
  });

  it('[CM9] deleting a list moves its tasks to the Inbox first, on every device, and undo brings the list and its tasks back', async () => {
    const user = await registerUser(server.url);
    const laptop = await device(user);
    const phone = await device(user);
    const laptopEngine = await laptop.device.goOnline();
    await phone.device.goOnline();
    const work = await laptop.lists.create({ name: 'Work' });
    const report = await laptop.device.tasks.create({ title: 'Write the report', listId: work.id });
    const slides = await laptop.device.tasks.create({ title: 'Make slides', listId: work.id });
    await laptopEngine.awaitInSync();
    await waitFor(async () => (await phone.device.localTasks()).length === 2, 5000, 'the tasks on the phone');

    const undo = await laptop.lists.remove(work.id, 'move-to-inbox');
    await laptopEngine.awaitInSync();
    await waitFor(async () => (await phone.device.localTasks()).every((task) => task.listId === 'inbox'), 5000, 'the tasks in the Inbox');
    await waitFor(async () => !(await localLists(phone.device)).some((list) => list.id === work.id), 5000, 'the list gone');
    expect((await serverLists(server, user)).find((list) => list.id === work.id)?._deleted).toBe(true);

    await undo();
    await laptopEngine.awaitInSync();
    await waitFor(async () => (await localLists(phone.device)).some((list) => list.id === work.id), 5000, 'the list back');
    await waitFor(async () => (await phone.device.localTasks()).every((task) => task.listId === work.id), 5000, 'the tasks back in it');
    const listed = await api(server.url, 'GET', '/api/tasks', { token: user.accessToken });
    expect((listed.body.tasks as { id: string; listId: string }[]).map((task) => task.listId)).toEqual([work.id, work.id]);
    expect([report.id, slides.id].sort()).toEqual((listed.body.tasks as { id: string }[]).map((task) => task.id).sort());
  });

  it('[CM5] [CO3] [DM22] each collection keeps its own checkpoint, and alternating task and list changes make no collection pull again', async () => {
    const user = await registerUser(server.url);
    const writer = await device(user);
    const reader = await device(user);
    const writerEngine = await writer.device.goOnline();
    const readerEngine = await reader.device.goOnline();
    await writer.device.tasks.create({ title: 'First task' });
    await writerEngine.awaitInSync();
    await readerEngine.awaitInSync();
    await waitFor(async () => (await reader.device.localTasks()).length === 1, 5000, 'the first task on the reader');
    // A reconnect pulls both collections from their checkpoints once, as every (re)connect does ([CH4]).
    readerEngine.reconnect();
    await waitFor(() => readerEngine.transport.state$.value === 'online', 5000, 'the reader back online');
    await readerEngine.awaitInSync();

    const pulls = countPulls(readerEngine);
    for (let round = 1; round <= 3; round += 1) {
      const task = await writer.device.tasks.create({ title: `Task ${round}` });
      await waitFor(async () => (await reader.device.localTasks()).some((t) => t.id === task.id), 5000, `task ${round} on the reader`);
      const list = await writer.lists.create({ name: `List ${round}` });
      await waitFor(async () => (await localLists(reader.device)).some((l) => l.id === list.id), 5000, `list ${round} on the reader`);
    }
    expect(Object.fromEntries(pulls)).toEqual({});

    const down = async (replication: { internalReplicationState?: unknown } | null) =>
      (await getLastCheckpointDoc<unknown, Checkpoint>(replication!.internalReplicationState as never, 'down'))?.seq;
    const tasksAt = await down(readerEngine.replication);
    const listsAt = await down(readerEngine.listReplication);
    const newestTask = Math.max(...(await reader.device.localTasks()).map((task) => task.seq ?? 0));
    const newestList = Math.max(...(await localLists(reader.device)).map((list) => list.seq ?? 0));
    expect([tasksAt, listsAt]).toEqual([newestTask, newestList]);
    expect(listsAt).toBeGreaterThan(newestTask);
  });
});
