import { randomUUID } from 'node:crypto';
import { MongoClient, type CommandStartedEvent, type Document } from 'mongodb';
import { upgradeTask } from '@tasklane/shared/domain/task-upgrade';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import { createMongoStore, type MongoStoreHooks } from '../src/store/mongo/mongo-store';
import { searchPrefixes } from '../src/store/mongo/search';
import type { Store } from '../src/store/store';
import { makeVersion1Task } from '../src/store/version1-store-contract';
import { mongoSkipReason, mongoTestConfig } from './support/mongo-test-store';

const skipReason = mongoSkipReason();

function describeSequencer(url: string): void {
  describe('MongoStore sequencer against a real mongod', () => {
    let databaseName: string;
    let raw: MongoClient;
    const opened: Store[] = [];
    const userId = randomUUID();

    async function open(hooks: MongoStoreHooks = {}): Promise<Store> {
      const store = await createMongoStore(mongoTestConfig(url, databaseName), hooks);
      opened.push(store);
      return store;
    }

    beforeEach(async () => {
      databaseName = `tasklane_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
      raw = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
      await raw.connect();
    });
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
      await raw.db(databaseName).dropDatabase();
      await raw.close();
    });

    it('[MG3] a 100-row push lands with one ordered bulkWrite carrying maxTimeMS, in a transaction whose commit carries a bounded majority write concern ([MG1])', async () => {
      const commands: CommandStartedEvent[] = [];
      const store = await open({ onCommandStarted: (event) => commands.push(event) });
      const rows = Array.from({ length: 100 }, (_, index) => ({ newDocumentState: makeTask({ title: `row ${index}` }) }));
      commands.length = 0;
      const outcome = await store.applyPush(userId, rows);
      expect(outcome.written).toHaveLength(100);
      const taskWrites = commands.filter(
        (event) => ['insert', 'update'].includes(event.commandName) && event.command[event.commandName] === 'tasks',
      );
      expect(taskWrites).toHaveLength(1);
      const [bulk] = taskWrites;
      expect((bulk!.command.updates as Document[]).length).toBe(100);
      // New tasks: inserts land only while their claim is pending, in a transaction with the head ("Shared lists on MongoDB").
      expect(bulk!.command).toMatchObject({ ordered: true, maxTimeMS: 5000, autocommit: false });
      const commit = commands.find(
        (event) => event.commandName === 'commitTransaction' && String(event.command.txnNumber) === String(bulk!.command.txnNumber),
      );
      expect(commit?.command).toMatchObject({ writeConcern: { w: 'majority', j: true, wtimeout: 5000 } });
    });

    it('[RJ8] a list push counts the live lists only when a row adds one: renames and deletions pay no count', async () => {
      const commands: CommandStartedEvent[] = [];
      const store = await open({ onCommandStarted: (event) => commands.push(event) });
      const limits = { maxLiveLists: 500 };
      const counts = () => commands.filter((event) => event.commandName === 'aggregate' && event.command.aggregate === 'lists').length;
      const [list] = (await store.applyListPush(userId, [{ newDocumentState: makeList({ name: 'a' }) }], limits)).written;
      expect(counts()).toBe(1);
      commands.length = 0;
      const renamed = await store.applyListPush(userId, [{ newDocumentState: { ...list!, name: 'b' }, assumedMasterState: list! }], limits);
      expect(renamed.written).toHaveLength(1);
      await store.applyListPush(
        userId,
        [{ newDocumentState: { ...renamed.written[0]!, _deleted: true }, assumedMasterState: renamed.written[0]! }],
        limits,
      );
      expect(counts()).toBe(0);
    });

    it('[MG3] the head keeps only ids and content hashes; the writes themselves wait in claim_intents', async () => {
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      let onClaimed: () => void = () => undefined;
      const claimed = new Promise<void>((resolve) => (onClaimed = resolve));
      const store = await open({
        faults: {
          reached(point) {
            if (point !== 'after-claim') return undefined;
            onClaimed();
            return released;
          },
        },
      });
      const push = store.applyPush(userId, [
        { newDocumentState: makeTask({ description: 'x'.repeat(5000) }) },
        { newDocumentState: makeTask() },
      ]);
      await claimed;
      const head = await raw.db(databaseName).collection('seq_heads').findOne({ userId });
      expect(head!.pending).toHaveLength(2);
      for (const entry of head!.pending as Document[]) expect(Object.keys(entry).sort()).toEqual(['hash', 'id']);
      expect(
        await raw
          .db(databaseName)
          .collection('claim_intents')
          .countDocuments({ userId, claimId: head!.claimId as string }),
      ).toBe(2);
      release();
      expect((await push).written).toHaveLength(2);
      expect(await raw.db(databaseName).collection('claim_intents').countDocuments({ userId })).toBe(0);
    });

    it('[MG4] a writer that finds a live claim waits for its lease instead of helping', async () => {
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      let onClaimed: () => void = () => undefined;
      const claimed = new Promise<void>((resolve) => (onClaimed = resolve));
      let onWaiting: () => void = () => undefined;
      const waiting = new Promise<void>((resolve) => (onWaiting = resolve));
      const hooks = { claimLeaseMs: 60_000 };
      const writer = await open({
        ...hooks,
        faults: {
          reached(point) {
            if (point !== 'after-claim') return undefined;
            onClaimed();
            return released;
          },
        },
      });
      const other = await open({ ...hooks, faults: { reached: (point) => void (point === 'lease-wait' && onWaiting()) } });
      const first = writer.applyPush(userId, [{ newDocumentState: makeTask({ title: 'first' }) }]);
      await claimed;
      const second = other.applyPush(userId, [{ newDocumentState: makeTask({ title: 'second' }) }]);
      await waiting;
      release();
      const [firstOutcome, secondOutcome] = await Promise.all([first, second]);
      expect(secondOutcome.written[0]!.seq).toBeGreaterThan(firstOutcome.written[0]!.seq);
      const head = await raw.db(databaseName).collection('seq_heads').findOne({ userId });
      expect(head!.helped ?? []).toEqual([]);
    });

    it('[LS2] [MG3] a push of lists lands with one ordered bulkWrite on lists, at seqs of the same head as tasks', async () => {
      const commands: CommandStartedEvent[] = [];
      const store = await open({ onCommandStarted: (event) => commands.push(event) });
      const task = (await store.applyPush(userId, [{ newDocumentState: makeTask() }])).written[0]!;
      commands.length = 0;
      const outcome = await store.applyListPush(
        userId,
        Array.from({ length: 3 }, () => ({ newDocumentState: makeList() })),
      );
      expect(outcome.written.map((list) => list.seq)).toEqual([task.seq + 1, task.seq + 2, task.seq + 3]);
      const writes = commands.filter(
        (event) =>
          ['insert', 'update'].includes(event.commandName) && ['tasks', 'lists'].includes(event.command[event.commandName] as string),
      );
      expect(writes.map((event) => event.command[event.commandName] as string)).toEqual(['lists']);
      expect(writes[0]!.command).toMatchObject({ ordered: true, maxTimeMS: 5000 });
      const head = await raw.db(databaseName).collection('seq_heads').findOne({ userId });
      expect(head!.seq).toBe(task.seq + 3);
      expect(await store.highestSeq(userId)).toBe(task.seq + 3);
      const names = (await raw.db(databaseName).collection('lists').indexes()).map((index) => index.name);
      expect(names).toEqual(expect.arrayContaining(['lists_user_id', 'lists_user_seq', 'lists_user_order']));
    });

    it('[LS9] [DM19] start-up fills the due key of documents written before data model v2, once, changing nothing else', async () => {
      const tasks = raw.db(databaseName).collection('tasks');
      const dated = makeVersion1Task({ title: 'dated' });
      const undated = makeVersion1Task({ title: 'undated', dueAt: null });
      for (const [seq, task] of [dated, undated].entries()) {
        await tasks.insertOne({ ...task, seq: seq + 1, userId, searchPrefixes: searchPrefixes(task.title, task.description) });
      }
      await raw.db(databaseName).collection('seq_heads').insertOne({ userId, seq: 2, pending: [], claimId: null, leaseExpiresAt: null });
      const store = await open();
      const stored = await tasks
        .find({ userId }, { projection: { _id: 0 } })
        .sort({ seq: 1 })
        .toArray();
      expect(stored).toEqual([
        { ...dated, seq: 1, userId, searchPrefixes: expect.any(Array), dueKey: '2025-06-01' },
        { ...undated, seq: 2, userId, searchPrefixes: expect.any(Array), dueKey: null },
      ]);
      expect(
        await raw
          .db(databaseName)
          .collection('store_meta')
          .findOne({ _id: 'task_due_keys' as never }),
      ).not.toBeNull();
      const upgraded = { ...upgradeTask(dated), seq: 1 };
      expect((await store.listTasks(userId, { limit: 10, dueBefore: '2025-06-02' })).tasks).toEqual([upgraded]);

      // Written in version 2 when next changed: `dueAt` goes, the key follows the new due.
      const edited = await store.applyPush(userId, [
        { newDocumentState: { ...upgraded, due: { date: '2025-08-01' } }, assumedMasterState: upgraded },
      ]);
      expect(edited.written[0]!.seq).toBe(3);
      const rewritten = await tasks.findOne({ userId, id: dated.id });
      expect(rewritten).not.toHaveProperty('dueAt');
      expect(rewritten).toMatchObject({ listId: 'inbox', due: { date: '2025-08-01' }, dueKey: '2025-08-01' });
    });

    it('[MG6] the index of the removed completed-task TTL is dropped at start-up', async () => {
      await raw
        .db(databaseName)
        .collection('tasks')
        .createIndex({ completedAtDate: 1 }, { name: 'tasks_completed_ttl', expireAfterSeconds: 86_400 });
      await open();
      const names = (await raw.db(databaseName).collection('tasks').indexes()).map((index) => index.name);
      expect(names).not.toContain('tasks_completed_ttl');
      expect(names).toContain('tasks_user_seq');
    });
  });
}

if (skipReason !== null) {
  console.warn(`MongoStore sequencer tests skipped: ${skipReason}`);
  describe.skip('MongoStore sequencer (skipped: MONGODB_URL is not set, so there is no mongod to run against)', () => {
    it('runs the sequencer tests against MongoDB', () => undefined);
  });
} else {
  describeSequencer(process.env.MONGODB_URL!);
}
