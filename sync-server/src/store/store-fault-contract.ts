import { randomUUID } from 'node:crypto';
import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import type { PushRow } from '@tasklane/shared/protocol/push';
import { makeTask } from '@tasklane/testkit/task-fixture';
import type { Store } from './store';
import type { StoreFaultPoint, StoreFaults } from './store-faults';

/** One store's data, opened by as many store instances (server processes) as a test needs. */
export type FaultTestDatabase = {
  open(faults?: StoreFaults): Promise<Store>;
  /** Closes every store opened and removes the data. */
  cleanup(): Promise<void>;
};

export type FaultTestCapabilities = {
  /**
   * MongoDB: a claim outlives its crashed writer and another writer settles it after the lease, so the
   * crashed push is applied after all. SQLite: the claim is the open transaction, so a crash before the
   * commit rolls the whole push back.
   */
  helpersSettleClaims: boolean;
};

export class InjectedCrash extends Error {
  override name = 'InjectedCrash';
}

/** Crashes the writer (throws) the first time it reaches `point`. */
function crashAt(point: StoreFaultPoint, intentsBeforeFault?: number): StoreFaults {
  let crashed = false;
  return {
    ...(intentsBeforeFault === undefined ? {} : { intentsBeforeFault }),
    reached(reachedPoint) {
      if (reachedPoint !== point || crashed) return;
      crashed = true;
      throw new InjectedCrash(`injected crash at ${point}`);
    },
  };
}

/** Stalls the writer the first time it reaches `point` until `release()`. */
function stallAt(point: StoreFaultPoint): { faults: StoreFaults; reached: Promise<void>; release: () => void } {
  let onReached: () => void = () => undefined;
  let release: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => (onReached = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  let stalled = false;
  return {
    reached,
    release,
    faults: {
      reached(reachedPoint) {
        if (reachedPoint !== point || stalled) return undefined;
        stalled = true;
        onReached();
        return released;
      },
    },
  };
}

function content(task: StoredTask | Task): Omit<Task, 'seq'> {
  const { seq: _seq, ...rest } = task;
  return rest;
}

/**
 * A device that pulls with small pages from its checkpoint. If a checkpoint ever skipped a change
 * (a seq became visible below one already pulled), this replica would end up missing it or stale.
 */
function replicaOf(store: Store, userId: string) {
  const documents = new Map<string, StoredTask>();
  let checkpoint = 0;
  return {
    documents,
    async catchUp(): Promise<void> {
      for (;;) {
        const page = await store.pullChanges(userId, checkpoint, 2);
        if (page.length === 0) return;
        for (const task of page) documents.set(task.id, task);
        checkpoint = page[page.length - 1]!.seq;
      }
    },
    /** [P4] under faults: what this device holds equals what a fresh pull from the start returns. */
    async expectNothingSkipped(): Promise<void> {
      await this.catchUp();
      const everything = await store.pullChanges(userId, 0, 1000);
      expect(new Map(everything.map((task) => [task.id, task]))).toEqual(documents);
    },
  };
}

/**
 * Fault injection against a store ([SF1]–[SF4], docs/architecture.md "Store fault injection"):
 * writers crash after claiming, after k of n writes, or lose their acknowledgement, and a late
 * writer wakes after its claim was settled. Checkpoints never skip, no acknowledged write is lost,
 * and no write is applied twice.
 */
export function describeStoreFaultContract(
  name: string,
  createDatabase: () => Promise<FaultTestDatabase>,
  { helpersSettleClaims }: FaultTestCapabilities,
): void {
  describe(`Store fault contract: ${name}`, () => {
    let database: FaultTestDatabase;
    let userId: string;

    beforeEach(async () => {
      database = await createDatabase();
      userId = randomUUID();
    });
    afterEach(async () => {
      await database.cleanup();
    });

    async function insert(store: Store, task: Task): Promise<StoredTask> {
      const outcome = await store.applyPush(userId, [{ newDocumentState: task }]);
      expect(outcome.written).toHaveLength(1);
      return outcome.written[0]!;
    }

    /** The client of a crashed push retries it: the rows already applied are reported unchanged, never written again. */
    async function expectRetryAppliesOnce(store: Store, rows: PushRow[], alreadyApplied: boolean): Promise<void> {
      const retry = await store.applyPush(userId, rows);
      const expected = rows.map((row) => content(row.newDocumentState));
      if (alreadyApplied) {
        expect(retry.written).toEqual([]);
        expect(retry.conflicts.map(content)).toEqual(expected);
      } else {
        expect(retry.conflicts).toEqual([]);
        expect(retry.written.map(content)).toEqual(expected);
      }
      for (const row of rows)
        expect(content((await store.getTask(userId, row.newDocumentState.id))!)).toEqual(content(row.newDocumentState));
    }

    it('[SF1] a writer that crashes right after claiming loses no acknowledged write, skips no checkpoint, applies nothing twice', async () => {
      const writer = await database.open(crashAt('after-claim'));
      const survivor = await database.open();
      const replica = replicaOf(survivor, userId);
      const original = await insert(survivor, makeTask({ title: 'original' }));
      await replica.catchUp();

      const rows: PushRow[] = [
        { newDocumentState: { ...original, title: 'edited by the crashed writer' }, assumedMasterState: original },
        { newDocumentState: makeTask({ title: 'created by the crashed writer' }) },
      ];
      await expect(writer.applyPush(userId, rows)).rejects.toThrow(InjectedCrash);
      await replica.catchUp();

      // The next writer of the user is not blocked (MongoDB: it settles the crashed claim once the lease has passed).
      const after = await insert(survivor, makeTask({ title: 'after the crash' }));
      await replica.catchUp();
      expect(replica.documents.get(after.id)).toEqual(after);

      await expectRetryAppliesOnce(survivor, rows, helpersSettleClaims);
      await replica.expectNothingSkipped();
      expect((await survivor.getTask(userId, after.id))!).toEqual(after);
    });

    it('[SF2] a writer that crashes after k of n writes of a claim: the rest are settled or none applied, never a skip or a double write', async () => {
      const writer = await database.open(crashAt('after-intents', 2));
      const survivor = await database.open();
      const replica = replicaOf(survivor, userId);
      const existing = await insert(survivor, makeTask({ title: 'existing' }));
      await replica.catchUp();

      const rows: PushRow[] = [
        { newDocumentState: makeTask({ title: 'first' }) },
        { newDocumentState: { ...existing, title: 'second: an update' }, assumedMasterState: existing },
        { newDocumentState: makeTask({ title: 'third' }) },
        { newDocumentState: makeTask({ title: 'fourth' }) },
      ];
      await expect(writer.applyPush(userId, rows)).rejects.toThrow(InjectedCrash);
      await replica.catchUp();
      // MongoDB: the first two writes landed and are visible; SQLite: the transaction rolled back.
      const visibleTitles = [...replica.documents.values()].map((task) => task.title).sort();
      expect(visibleTitles).toEqual(helpersSettleClaims ? ['first', 'second: an update'] : ['existing']);

      const after = await insert(survivor, makeTask({ title: 'after the crash' }));
      await replica.catchUp();
      expect(replica.documents.get(after.id)).toEqual(after);

      await expectRetryAppliesOnce(survivor, rows, helpersSettleClaims);
      await replica.expectNothingSkipped();
      expect([...replica.documents.values()].map((task) => task.title).sort()).toEqual([
        'after the crash',
        'first',
        'fourth',
        'second: an update',
        'third',
      ]);
    });

    it('[SF3] an acknowledgement lost after a durable write: the late retry never overwrites the newer write that followed', async () => {
      const writer = await database.open(crashAt('before-ack'));
      const other = await database.open();
      const replica = replicaOf(other, userId);
      const original = await insert(other, makeTask({ title: 'original' }));
      const lostAck: PushRow = { newDocumentState: { ...original, title: 'ack lost' }, assumedMasterState: original };
      await expect(writer.applyPush(userId, [lostAck])).rejects.toThrow(InjectedCrash);
      await replica.catchUp();

      const durable = (await other.getTask(userId, original.id))!;
      expect(content(durable)).toEqual(content(lostAck.newDocumentState));
      const newer = await other.applyPush(userId, [{ newDocumentState: { ...durable, title: 'newer' }, assumedMasterState: durable }]);
      expect(newer.written).toHaveLength(1);

      const lateRetry = await other.applyPush(userId, [lostAck]);
      expect(lateRetry.written).toEqual([]);
      expect(lateRetry.conflicts).toEqual(newer.written);
      expect((await other.getTask(userId, original.id))!).toEqual(newer.written[0]);
      await replica.expectNothingSkipped();
    });

    if (helpersSettleClaims) {
      it('[SF4] a late writer whose claim a helper settled reports the writes that landed (for broadcast) and never overwrites newer ones', async () => {
        const stall = stallAt('after-claim');
        const writer = await database.open(stall.faults);
        const helper = await database.open();
        const replica = replicaOf(helper, userId);
        const original = await insert(helper, makeTask({ title: 'original' }));

        const rows: PushRow[] = [
          { newDocumentState: { ...original, title: 'by the late writer' }, assumedMasterState: original },
          { newDocumentState: makeTask({ title: 'created by the late writer' }) },
        ];
        const late = writer.applyPush(userId, rows);
        await stall.reached;

        // The helper waits out the lease, settles the late writer's claim, then writes its own row and a newer edit.
        await insert(helper, makeTask({ title: 'by the helper' }));
        const settled = (await helper.getTask(userId, original.id))!;
        expect(content(settled)).toEqual(content(rows[0]!.newDocumentState));
        const newer = await helper.applyPush(userId, [{ newDocumentState: { ...settled, title: 'newer' }, assumedMasterState: settled }]);
        expect(newer.written).toHaveLength(1);
        await replica.catchUp();

        stall.release();
        const outcome = await late;
        expect(outcome.conflicts).toEqual([]);
        expect(outcome.written.map(content)).toEqual(rows.map((row) => content(row.newDocumentState)));
        expect(outcome.written[0]!.seq).toBe(settled.seq);
        expect((await helper.getTask(userId, original.id))!).toEqual(newer.written[0]);
        await replica.expectNothingSkipped();
        expect(replica.documents.get(outcome.written[1]!.id)).toEqual(outcome.written[1]);
      });
    }
  });
}
