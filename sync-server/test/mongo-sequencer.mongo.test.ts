import { randomUUID } from 'node:crypto';
import { MongoClient, type CommandStartedEvent, type Document } from 'mongodb';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { createMongoStore, type MongoStoreHooks } from '../src/store/mongo/mongo-store';
import type { Store } from '../src/store/store';
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

    it('[MG3] a 100-row push lands with one ordered bulkWrite carrying maxTimeMS and a bounded majority write concern ([MG1])', async () => {
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
      expect(bulk!.command).toMatchObject({ ordered: true, maxTimeMS: 5000, writeConcern: { w: 'majority', j: true, wtimeout: 5000 } });
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
  describe.skip(`MongoStore sequencer (skipped: ${skipReason})`, () => {
    it('runs the sequencer tests against MongoDB', () => undefined);
  });
} else {
  describeSequencer(process.env.MONGODB_URL!);
}
