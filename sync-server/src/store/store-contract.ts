import { randomUUID } from 'node:crypto';
import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import { describeAccountContract } from './account-store-contract';
import { describeAssigneeContract } from './assignee-store-contract';
import { describeAccountEmailContract } from './account-email-store-contract';
import { describeReminderContract } from './reminder-store-contract';
import { describeListContract } from './list-store-contract';
import type { Store } from './store';
import { describeTaskListingContract } from './task-listing-contract';
import { describeVersion1Contract, type Version1TaskWriter } from './version1-store-contract';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';

type StoreUnderTest = {
  store: Store;
  cleanup: () => Promise<void>;
  /** Opens the same data again as a second store (a restart, or another instance); the caller closes it. */
  reopen: () => Promise<Store>;
  /** Stores a task as a release before data model v2 left it, as this release finds it after its upgrade step ([LS4]). */
  writeVersion1Task: Version1TaskWriter;
};
export type StoreFactory = () => StoreUnderTest | Promise<StoreUnderTest>;

function content(task: StoredTask | Task): Omit<Task, 'seq'> {
  const { seq: _seq, ...rest } = task;
  return rest;
}

/**
 * The one contract every Store passes (docs/protocol.md rule ids in brackets).
 * Run against the embedded store always, and against MongoDB when MONGODB_URL is set.
 */
export function describeStoreContract(name: string, factory: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let reopen: () => Promise<Store>;
    let writeVersion1Task: Version1TaskWriter;
    let userId: string;

    beforeEach(async () => {
      ({ store, cleanup, reopen, writeVersion1Task } = await factory());
      userId = randomUUID();
    });
    afterEach(async () => {
      await cleanup();
    });

    async function insert(task: Task, owner = userId): Promise<StoredTask> {
      const outcome = await store.applyPush(owner, [{ newDocumentState: task }]);
      expect(outcome.conflicts).toEqual([]);
      const written = outcome.written[0];
      if (!written) throw new Error('insert wrote nothing');
      return written;
    }

    it('[P1] pull from a null checkpoint returns every change, oldest first, at most limit', async () => {
      const tasks = [makeTask({ title: 'a' }), makeTask({ title: 'b' }), makeTask({ title: 'c' })];
      for (const task of tasks) await insert(task);
      const firstPage = await store.pullChanges(userId, 0, 2);
      expect(firstPage.map((task) => task.title)).toEqual(['a', 'b']);
      expect(firstPage[0]!.seq).toBeLessThan(firstPage[1]!.seq);
      const secondPage = await store.pullChanges(userId, firstPage[1]!.seq, 2);
      expect(secondPage.map((task) => task.title)).toEqual(['c']);
      expect(await store.pullChanges(userId, secondPage[0]!.seq, 2)).toEqual([]);
    });

    it('[P2] pull from a checkpoint returns only later changes, an updated document once at its new position', async () => {
      const first = await insert(makeTask({ title: 'first' }));
      const second = await insert(makeTask({ title: 'second' }));
      const edited = { ...first, title: 'first, edited' };
      const outcome = await store.applyPush(userId, [{ newDocumentState: edited, assumedMasterState: first }]);
      expect(outcome.conflicts).toEqual([]);
      const page = await store.pullChanges(userId, second.seq, 10);
      expect(page.map((task) => task.title)).toEqual(['first, edited']);
      const all = await store.pullChanges(userId, 0, 10);
      expect(all.map((task) => task.title)).toEqual(['second', 'first, edited']);
    });

    it('[P3] pull includes tombstones', async () => {
      const task = await insert(makeTask());
      await store.applyPush(userId, [{ newDocumentState: { ...task, _deleted: true }, assumedMasterState: task }]);
      const page = await store.pullChanges(userId, task.seq, 10);
      expect(page).toHaveLength(1);
      expect(page[0]!._deleted).toBe(true);
      expect(page[0]!.id).toBe(task.id);
    });

    it('[W1] a push for a document the server does not hold is an insert, even with an assumedMasterState', async () => {
      const task = makeTask();
      const phantomMaster = { ...task, title: 'what the client thought', seq: 41 };
      const outcome = await store.applyPush(userId, [{ newDocumentState: task, assumedMasterState: phantomMaster }]);
      expect(outcome.conflicts).toEqual([]);
      expect(outcome.written).toHaveLength(1);
      expect(content((await store.getTask(userId, task.id))!)).toEqual(content(task));
    });

    it('[W2] a push whose assumedMasterState carries the current revision is written with a new, higher seq', async () => {
      const stored = await insert(makeTask());
      const outcome = await store.applyPush(userId, [{ newDocumentState: { ...stored, status: 'done' }, assumedMasterState: stored }]);
      expect(outcome.conflicts).toEqual([]);
      expect(outcome.written[0]!.seq).toBeGreaterThan(stored.seq);
      expect((await store.getTask(userId, stored.id))!.status).toBe('done');
    });

    it('[W3] a stale assumedMasterState conflicts: nothing is written and the server state is returned', async () => {
      const original = await insert(makeTask({ title: 'original' }));
      await store.applyPush(userId, [{ newDocumentState: { ...original, title: 'edited elsewhere' }, assumedMasterState: original }]);
      const current = (await store.getTask(userId, original.id))!;
      const outcome = await store.applyPush(userId, [
        { newDocumentState: { ...original, title: 'stale edit' }, assumedMasterState: original },
      ]);
      expect(outcome.written).toEqual([]);
      expect(outcome.conflicts).toEqual([current]);
      expect((await store.getTask(userId, original.id))!).toEqual(current);
    });

    it('[W4] a push without assumedMasterState for an existing document conflicts', async () => {
      const stored = await insert(makeTask({ title: 'kept' }));
      const outcome = await store.applyPush(userId, [{ newDocumentState: { ...stored, title: 'blind overwrite' } }]);
      expect(outcome.written).toEqual([]);
      expect(outcome.conflicts).toEqual([stored]);
      expect((await store.getTask(userId, stored.id))!.title).toBe('kept');
    });

    it('[W5] pushing the same row twice writes once; the retry reports the server state with equal content', async () => {
      const stored = await insert(makeTask());
      const row = { newDocumentState: { ...stored, title: 'renamed' }, assumedMasterState: stored };
      const first = await store.applyPush(userId, [row]);
      expect(first.written).toHaveLength(1);
      const second = await store.applyPush(userId, [row]);
      expect(second.written).toEqual([]);
      expect(second.conflicts.map(content)).toEqual([content(row.newDocumentState)]);
      expect(await store.pullChanges(userId, first.written[0]!.seq, 10)).toEqual([]);

      const insertRow = { newDocumentState: makeTask() };
      await store.applyPush(userId, [insertRow]);
      const retriedInsert = await store.applyPush(userId, [insertRow]);
      expect(retriedInsert.written).toEqual([]);
      expect(retriedInsert.conflicts.map(content)).toEqual([content(insertRow.newDocumentState)]);
    });

    it('[W6] rows are applied one by one: a conflicting row does not stop the others', async () => {
      const existing = await insert(makeTask({ title: 'existing' }));
      const fresh = makeTask({ title: 'fresh' });
      const outcome = await store.applyPush(userId, [{ newDocumentState: { ...existing, title: 'blind' } }, { newDocumentState: fresh }]);
      expect(outcome.conflicts).toEqual([existing]);
      expect(outcome.written.map((task) => task.title)).toEqual(['fresh']);
      expect(outcome.written[0]!.seq).toBeGreaterThan(existing.seq);
    });

    it('[UC2] getTasks and getLists read the stored documents of several ids at once: tombstones too, unknown ids and other users left out', async () => {
      const otherUser = randomUUID();
      const kept = await insert(makeTask({ title: 'kept' }));
      const gone = await insert(makeTask({ title: 'gone' }));
      await store.applyPush(userId, [{ newDocumentState: { ...gone, _deleted: true }, assumedMasterState: gone }]);
      const theirs = await insert(makeTask({ title: 'theirs' }), otherUser);
      const found = await store.getTasks(userId, [kept.id, gone.id, theirs.id, randomUUID()]);
      expect(found.map((task) => [task.title, task._deleted]).sort()).toEqual([
        ['gone', true],
        ['kept', false],
      ]);
      expect(found.find((task) => task.id === kept.id)).toEqual(kept);
      expect(await store.getTasks(userId, [])).toEqual([]);
      const [list] = (await store.applyListPush(userId, [{ newDocumentState: makeList({ name: 'mine' }) }])).written;
      expect(await store.getLists(userId, [list!.id, randomUUID()])).toEqual([list]);
      expect(await store.getLists(otherUser, [list!.id])).toEqual([]);
    });

    it('[X1] two users may hold the same task id without clash or leak', async () => {
      const otherUser = randomUUID();
      const sharedId = randomUUID();
      await insert(makeTask({ id: sharedId, title: 'mine' }));
      await insert(makeTask({ id: sharedId, title: 'theirs' }), otherUser);
      expect((await store.getTask(userId, sharedId))!.title).toBe('mine');
      expect((await store.getTask(otherUser, sharedId))!.title).toBe('theirs');
      expect((await store.pullChanges(userId, 0, 10)).map((task) => task.title)).toEqual(['mine']);
      expect((await store.pullChanges(otherUser, 0, 10)).map((task) => task.title)).toEqual(['theirs']);
      expect((await store.listTasks(otherUser, { limit: 10 })).tasks.map((task) => task.title)).toEqual(['theirs']);
    });

    it("[D2] seq is per user: another user's writes do not move my checkpoint", async () => {
      const mine = await insert(makeTask());
      for (let i = 0; i < 3; i += 1) await insert(makeTask(), randomUUID());
      expect(await store.pullChanges(userId, mine.seq, 10)).toEqual([]);
    });

    it('[L1] listing filters by status, hides tombstones and pages newest first with a cursor', async () => {
      const base = Date.parse('2026-01-01T00:00:00.000Z');
      for (let i = 0; i < 5; i += 1) {
        await insert(
          makeTask({ title: `task ${i}`, status: i % 2 === 0 ? 'todo' : 'done', createdAt: new Date(base + i * 1000).toISOString() }),
        );
      }
      const deleted = await insert(makeTask({ title: 'gone', createdAt: new Date(base + 9000).toISOString() }));
      await store.applyPush(userId, [{ newDocumentState: { ...deleted, _deleted: true }, assumedMasterState: deleted }]);

      const firstPage = await store.listTasks(userId, { limit: 2 });
      expect(firstPage.tasks.map((task) => task.title)).toEqual(['task 4', 'task 3']);
      expect(firstPage.nextCursor).toEqual(expect.any(String));
      const secondPage = await store.listTasks(userId, { limit: 2, cursor: firstPage.nextCursor! });
      expect(secondPage.tasks.map((task) => task.title)).toEqual(['task 2', 'task 1']);
      const lastPage = await store.listTasks(userId, { limit: 2, cursor: secondPage.nextCursor! });
      expect(lastPage.tasks.map((task) => task.title)).toEqual(['task 0']);
      expect(lastPage.nextCursor).toBeNull();

      const done = await store.listTasks(userId, { limit: 10, status: 'done' });
      expect(done.tasks.map((task) => task.title)).toEqual(['task 3', 'task 1']);
    });

    it('[L2] text search matches words and prefixes in title and description, for this user only', async () => {
      await insert(makeTask({ title: 'Buy groceries', description: 'milk and bread' }));
      await insert(makeTask({ title: 'Call plumber', description: 'kitchen sink leaking' }));
      await insert(makeTask({ title: 'Buy groceries' }), randomUUID());
      expect((await store.listTasks(userId, { limit: 10, q: 'groc' })).tasks.map((task) => task.title)).toEqual(['Buy groceries']);
      expect((await store.listTasks(userId, { limit: 10, q: 'sink' })).tasks.map((task) => task.title)).toEqual(['Call plumber']);
      expect((await store.listTasks(userId, { limit: 10, q: 'nothing-like-this' })).tasks).toEqual([]);
    });

    it('[L3] search reflects every committed write at once: an edited task is found by its new words only', async () => {
      const stored = await insert(makeTask({ title: 'Paint the fence', description: 'white' }));
      expect((await store.listTasks(userId, { limit: 10, q: 'fence' })).tasks.map((task) => task.id)).toEqual([stored.id]);
      await store.applyPush(userId, [
        { newDocumentState: { ...stored, title: 'Paint the garage', description: 'blue' }, assumedMasterState: stored },
      ]);
      expect((await store.listTasks(userId, { limit: 10, q: 'garage' })).tasks.map((task) => task.title)).toEqual(['Paint the garage']);
      expect((await store.listTasks(userId, { limit: 10, q: 'fence' })).tasks).toEqual([]);
      expect((await store.listTasks(userId, { limit: 10, q: 'white' })).tasks).toEqual([]);
    });

    describeAccountContract(() => ({ store, userId }));
    describeAccountEmailContract(() => ({ store }));
    describeReminderContract(() => ({ store, userId }));
    describeListContract(() => ({ store, userId }));
    describeTaskListingContract(() => ({ store, userId }));
    describeAssigneeContract(() => ({ store, userId }));
    describeVersion1Contract(() => ({ store, userId, writeVersion1Task }));

    it('[G1] the store generation is stable across a reopen and differs for a fresh store', async () => {
      const generation = await store.generation();
      expect(generation).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      const again = await reopen();
      try {
        expect(await again.generation()).toBe(generation);
      } finally {
        await again.close();
      }
      const fresh = await factory();
      try {
        expect(await fresh.store.generation()).not.toBe(generation);
      } finally {
        await fresh.cleanup();
      }
    });

    it("[G3] highestSeq is the user's newest seq (0 for none), moved by updates and never by another user", async () => {
      expect(await store.highestSeq(userId)).toBe(0);
      const first = await insert(makeTask());
      await insert(makeTask());
      const edited = await store.applyPush(userId, [{ newDocumentState: { ...first, title: 'edited' }, assumedMasterState: first }]);
      expect(await store.highestSeq(userId)).toBe(edited.written[0]!.seq);
      await insert(makeTask(), randomUUID());
      expect(await store.highestSeq(userId)).toBe(edited.written[0]!.seq);
    });

    it('[P4] concurrent pushers never make a puller skip a committed change', async () => {
      const writers = 8;
      const writesPerWriter = 25;
      const seen = new Map<string, number>();
      let checkpoint = 0;
      let writing = true;
      const puller = (async () => {
        while (writing) {
          const page = await store.pullChanges(userId, checkpoint, 50);
          for (const task of page) seen.set(task.id, task.seq);
          if (page.length > 0) checkpoint = page[page.length - 1]!.seq;
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      const acknowledged: string[] = [];
      await Promise.all(
        Array.from({ length: writers }, async () => {
          for (let i = 0; i < writesPerWriter; i += 1) {
            const task = makeTask();
            const outcome = await store.applyPush(userId, [{ newDocumentState: task }]);
            if (outcome.written.length === 1) acknowledged.push(task.id);
          }
        }),
      );
      writing = false;
      await puller;
      for (;;) {
        const page = await store.pullChanges(userId, checkpoint, 50);
        if (page.length === 0) break;
        for (const task of page) seen.set(task.id, task.seq);
        checkpoint = page[page.length - 1]!.seq;
      }
      expect(acknowledged).toHaveLength(writers * writesPerWriter);
      expect(acknowledged.filter((id) => !seen.has(id))).toEqual([]);
    });
  });
}
