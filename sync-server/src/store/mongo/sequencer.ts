import { createHash, randomUUID } from 'node:crypto';
import type { AnyBulkWriteOperation, BulkWriteResult, ClientSession, Collection, Filter, UpdateFilter } from 'mongodb';
import type { ReplicatedCollection } from '@tasklane/shared/protocol/collections';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { StoreFaults } from '../store-faults';
import { inBoundedTransaction } from './bounded-transaction';
import { isDuplicateKeyError } from './errors';
import {
  toListDocument,
  toTaskDocument,
  type ClaimEntry,
  type LegacyClaimEntry,
  type ListContent,
  type MongoCollections,
  type SeqHeadDocument,
  type TaskContent,
} from './collections';

export type PlannedWrite = { id: string; expectedSeq: number | null; content: TaskContent | ListContent };
/**
 * What a claim requires of the head besides being settled: still at `headSeq` ([RJ2]: nothing claimed since a count),
 * and still at sharing `epoch` (no sharing transaction took the head since the push decided).
 */
export type ClaimFence = { headSeq?: number; epoch?: number };
export type CommitResult = { seq: number; applied: boolean };

export type MongoSequencer = {
  /**
   * Claims the next seqs of the user for `writes` (in order) to documents of `collection`, applies them in
   * seq order and settles the claim. `applied: false` means the document was
   * no longer at `expectedSeq`: the caller re-reads it and decides again. Tasks and lists take their seqs
   * from the user's one head ([LS2]); a claim writes to one collection, so one ordered bulkWrite lands it.
   */
  commit(userId: string, collection: ReplicatedCollection, writes: PlannedWrite[]): Promise<CommitResult[]>;
  /**
   * [RJ2] `commit`, only if the user's head is still settled at `headSeq` (nothing was claimed since the caller read
   * `settledSeq` and counted): null, with nothing written, when it moved on. So a count read after `settledSeq` holds
   * at the claim, and a cap checked against it cannot be passed by a concurrent writer, on any instance.
   */
  commitAt(userId: string, collection: ReplicatedCollection, writes: PlannedWrite[], fence: ClaimFence): Promise<CommitResult[] | null>;
  /**
   * The user's sharing epoch, moved by every sharing transaction that takes their head, and whether they take part in any
   * sharing (docs/protocol.md "Shared lists on MongoDB"). A push that read it before deciding claims only while the
   * epoch is unchanged (`commitAt` with `epoch`).
   */
  sharingState(userId: string): Promise<{ epoch: number; shares: boolean }>;
  /** The user's highest seq once no claim is pending (waiting for, or helping, a pending one): every write up to it is visible. */
  settledSeq(userId: string): Promise<number>;
};

export type MongoSequencerOptions = {
  /** [MG4] How long only a claim's writer may apply it; then any writer of the user helps. */
  leaseMs: number;
  /** How long a writer waits for other claims before it gives up with UNAVAILABLE. */
  waitLimitMs: number;
  /** Server-side limit on every sequencer operation ([MG1]). */
  maxTimeMS: number;
  faults?: StoreFaults;
  /** The highest seq the user holds outside tasks and lists (their feed), for a head created late. */
  highestOther?: (userId: string) => Promise<number>;
  /** A session for the transaction that lands a claim's inserts. */
  startSession: () => ClientSession;
  /** [MG1] The bound of a transaction's commit: no larger than the write concern's `wtimeout`. */
  commitTimeMS: number;
};

type Intent = PlannedWrite & { seq: number; hash: string };
/** The fields a landing operation uses, whichever collection it writes. */
type LandedDocument = { userId: string; id: string; seq: number; [field: string]: unknown };
type HeadView = SeqHeadDocument & { leaseLeftMs: number | null };

/** How many helped claims' outcomes a head keeps for their late writers ([SF4]). */
const HELPED_KEPT = 50;
const BACKOFF_BASE_MS = 2;
const BACKOFF_CAP_MS = 100;
/** Concurrent upserts of one new id may race to a duplicate key once; the retry then sees the document. */
const DUPLICATE_KEY_RETRIES = 3;

function contentHash(content: TaskContent | ListContent): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('base64url');
}

const isInsert = (intent: Intent) => intent.expectedSeq === null;

/** Full jitter: a random wait up to an exponentially growing, capped bound. */
export function backoffMs(attempt: number): number {
  return Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 16));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The checkpoint method of docs/protocol.md "Checkpoints on MongoDB".
 * Safety rests on single-document atomic operations:
 * 1. a claim's writes are stored durably (`claim_intents`) before the claim exists;
 * 2. the claim is a compare-and-set on the user's head (nothing pending), so seqs are
 *    handed out strictly upwards and never twice;
 * 3. a claimed write lands only by a conditional update (revision still `expectedSeq`)
 *    or an insert-if-absent, so re-running it, by anyone and late, is harmless;
 * 4. the claim is settled only after each of its writes has landed or can never land,
 *    and the next claim needs a settled head.
 * Once its lease has passed, anyone who finds a pending claim finishes it, so a writer
 * that died mid-claim blocks its user for at most the lease.
 */
export function createMongoSequencer(collections: MongoCollections, options: MongoSequencerOptions): MongoSequencer {
  const { seqHeads, claimIntents } = collections;
  const { faults } = options;
  const timed = { maxTimeMS: options.maxTimeMS };
  // Both hold { userId, id, seq, … }; the landing operations below build each one's own document.
  const target = (collection: ReplicatedCollection) =>
    (collection === 'lists' ? collections.lists : collections.tasks) as unknown as Collection<LandedDocument>;

  /** The highest seq stored in one collection for the user (0 for none). */
  async function highestStored(userId: string, collection: ReplicatedCollection): Promise<number> {
    const highest = await target(collection)
      .find({ userId }, { projection: { seq: 1 }, ...timed })
      .sort({ seq: -1 })
      .limit(1)
      .next();
    return highest?.seq ?? 0;
  }

  /** First write of this user (or data imported without heads): the head starts above any seq already stored, in either collection. */
  async function createHead(userId: string): Promise<void> {
    const seq = Math.max(
      await highestStored(userId, 'tasks'),
      await highestStored(userId, 'lists'),
      (await options.highestOther?.(userId)) ?? 0,
    );
    try {
      await seqHeads.insertOne({ userId, seq, pending: [], claimId: null, leaseExpiresAt: null, epoch: 0 }, timed);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /** The claim: one compare-and-set on a settled head; the lease runs on the server's clock. Null: not claimed. */
  async function tryClaim(userId: string, claimId: string, entries: ClaimEntry[], fence: ClaimFence): Promise<number | null> {
    const head = await seqHeads.findOneAndUpdate(
      {
        userId,
        pending: { $size: 0 },
        ...(fence.headSeq === undefined ? {} : { seq: fence.headSeq }),
        // A head from before sharing has no epoch: it is 0.
        ...(fence.epoch === undefined ? {} : { epoch: fence.epoch === 0 ? { $in: [0, null] } : fence.epoch }),
      } as Filter<SeqHeadDocument>,
      [
        {
          $set: {
            firstSeq: { $add: ['$seq', 1] },
            seq: { $add: ['$seq', entries.length] },
            claimId: { $literal: claimId },
            pending: { $literal: entries },
            leaseExpiresAt: { $add: ['$$NOW', options.leaseMs] },
          },
        },
      ],
      { returnDocument: 'after', projection: { firstSeq: 1 }, ...timed },
    );
    return head?.firstSeq ?? null;
  }

  async function readHead(userId: string): Promise<HeadView | null> {
    return seqHeads
      .aggregate<HeadView>(
        [{ $match: { userId } }, { $limit: 1 }, { $set: { leaseLeftMs: { $subtract: ['$leaseExpiresAt', '$$NOW'] } } }],
        timed,
      )
      .next();
  }

  function landingOperation(userId: string, collection: ReplicatedCollection, intent: Intent): AnyBulkWriteOperation<LandedDocument> {
    const document =
      collection === 'lists'
        ? toListDocument(userId, intent.content as ListContent, intent.seq)
        : toTaskDocument(userId, intent.content as TaskContent, intent.seq);
    const { userId: _owner, id: _id, ...fields } = document;
    if (intent.expectedSeq === null) {
      // Insert if absent; `userId` and `id` come from the equality filter, so the server retries a racing duplicate key itself.
      return { updateOne: { filter: { userId, id: intent.id }, update: { $setOnInsert: fields }, upsert: true } };
    }
    // A version-2 task written over a version-1 document ([DM19]) drops its `dueAt`; `completedAtDate` is the removed
    // TTL's ([MG6]). (A version-1 write is one a previous release's claim left, which a helper lands as it is.)
    const unset: { $unset?: Record<string, ''> } =
      collection === 'tasks' ? { $unset: 'dueAt' in fields ? { completedAtDate: '' } : { completedAtDate: '', dueAt: '' } } : {};
    return { updateOne: { filter: { userId, id: intent.id, seq: intent.expectedSeq }, update: { $set: fields, ...unset } } };
  }

  /**
   * Applies writes of a claim with one ordered bulkWrite, in seq order, so a majority snapshot holds a prefix of them.
   * A claim with inserts lands only while it is still pending ('settled' when it no longer is, nothing written): since
   * shared documents can leave a space, an insert-if-absent landing late could bring one back ("Shared lists on
   * MongoDB"). That landing runs in a transaction that also writes the pending head, so a settle and the landing never
   * interleave.
   */
  async function land(
    userId: string,
    collection: ReplicatedCollection,
    intents: Intent[],
    claimId?: string,
  ): Promise<BulkWriteResult | null | 'settled'> {
    if (intents.length === 0) return null;
    const operations = intents.map((intent) => landingOperation(userId, collection, intent));
    for (let attempt = 1; ; attempt += 1) {
      try {
        if (claimId === undefined || !intents.some(isInsert))
          return await target(collection).bulkWrite(operations, { ordered: true, ...timed });
        return await whilePending(userId, claimId, (session) =>
          target(collection).bulkWrite(operations, { ordered: true, session, ...timed }),
        );
      } catch (error) {
        if (!isDuplicateKeyError(error) || attempt >= DUPLICATE_KEY_RETRIES) throw error;
      }
    }
  }

  /** Runs `write` in a transaction only while the claim is pending on the user's head; 'settled' otherwise. */
  async function whilePending<T>(userId: string, claimId: string, write: (session: ClientSession) => Promise<T>): Promise<T | 'settled'> {
    const session = options.startSession();
    try {
      return await inBoundedTransaction(session, options.commitTimeMS, async () => {
        // A fresh token: the head is written, and so held against a concurrent settle, even on a second landing.
        const pending = await seqHeads.updateOne({ userId, claimId }, { $set: { landing: randomUUID() } }, { session, ...timed });
        return pending.matchedCount === 1 ? await write(session) : 'settled';
      });
    } finally {
      await session.endSession();
    }
  }

  /**
   * Which writes of a claim landed: the task holds the claimed seq. Exact while the claim is
   * pending (no later claim can move the task on) and after this caller's own `land`.
   */
  async function landedFlags(userId: string, collection: ReplicatedCollection, intents: Intent[]): Promise<boolean[]> {
    const found = await target(collection)
      .find({ userId, id: { $in: intents.map((intent) => intent.id) } }, { projection: { _id: 0, id: 1, seq: 1 }, ...timed })
      .toArray();
    const seqs = new Map(found.map((task) => [task.id, task.seq]));
    return intents.map((intent) => seqs.get(intent.id) === intent.seq);
  }

  /** True when this caller settled the claim; a helper also records what landed for the claim's writer. */
  async function settle(userId: string, claimId: string, helpedLanded?: number[]): Promise<boolean> {
    const update: UpdateFilter<SeqHeadDocument> = { $set: { pending: [], claimId: null, leaseExpiresAt: null } };
    if (helpedLanded) update.$push = { helped: { $each: [{ claimId, landed: helpedLanded }], $slice: -HELPED_KEPT } };
    const result = await seqHeads.updateOne({ userId, claimId }, update, timed);
    return result.matchedCount === 1;
  }

  /** The intents of a settled claim are no longer needed; one left behind (a crash just here) is harmless. */
  async function dropIntents(userId: string, claimId: string): Promise<void> {
    await claimIntents.deleteMany({ userId, claimId }, timed).catch(() => undefined);
  }

  /** Finishes another writer's claim whose lease has passed, from its durable intents. */
  async function help(userId: string, head: HeadView): Promise<void> {
    const { claimId, firstSeq } = head;
    if (!claimId || firstSeq === undefined) return helpLegacy(userId, head);
    const stored = await claimIntents.find({ userId, claimId }, timed).toArray();
    const byIndex = new Map(stored.map((intent) => [intent.index, intent]));
    const collection = stored[0]?.collection ?? 'tasks';
    if (stored.some((intent) => (intent.collection ?? 'tasks') !== collection)) {
      throw new Error(`claim ${claimId} of user ${userId} has intents for more than one collection`);
    }
    const intents: Intent[] = [];
    for (const [index, entry] of head.pending.entries()) {
      const intent = byIndex.get(index);
      if (!intent || intent.id !== entry.id || intent.hash !== entry.hash) {
        // Another helper settled the claim and dropped its intents after our head was read.
        if ((await seqHeads.countDocuments({ userId, claimId }, timed)) === 0) return;
        throw new Error(`claim ${claimId} of user ${userId} has no durable intent for its write ${index}`);
      }
      intents.push({ id: intent.id, expectedSeq: intent.expectedSeq, content: intent.content, hash: intent.hash, seq: firstSeq + index });
    }
    if ((await land(userId, collection, intents, claimId)) === 'settled') return; // another helper finished it
    const flags = await landedFlags(userId, collection, intents);
    const landed = flags.flatMap((flag, index) => (flag ? [index] : []));
    if (await settle(userId, claimId, landed)) await dropIntents(userId, claimId);
  }

  /** A claim left by a version that kept whole writes in the head (of tasks: lists came later). */
  async function helpLegacy(userId: string, head: HeadView): Promise<void> {
    const legacy = head.pending as unknown as LegacyClaimEntry[];
    await land(
      userId,
      'tasks',
      legacy.map((entry) => ({ ...entry, hash: '' })),
    );
    await seqHeads.updateOne({ userId, seq: head.seq, claimId: null }, { $set: { pending: [] } }, timed);
  }

  /**
   * Takes the next claim, waiting (with jittered backoff) while another writer's lease runs. With `headSeq`, only from a
   * head settled at that seq: null once the head is past it.
   */
  async function waitAndClaim(userId: string, claimId: string, entries: ClaimEntry[], fence: ClaimFence): Promise<number | null> {
    const deadline = Date.now() + options.waitLimitMs;
    for (let attempt = 0; ; attempt += 1) {
      const firstSeq = await tryClaim(userId, claimId, entries, fence);
      if (firstSeq !== null) return firstSeq;
      if (fence.headSeq !== undefined || fence.epoch !== undefined) {
        const head = await readHead(userId);
        const moved =
          head !== null &&
          ((fence.headSeq !== undefined && head.seq !== fence.headSeq) || (fence.epoch !== undefined && (head.epoch ?? 0) !== fence.epoch));
        if (moved) {
          await dropIntents(userId, claimId);
          return null;
        }
      }
      if (Date.now() > deadline) {
        await dropIntents(userId, claimId);
        throw new ProtocolError('UNAVAILABLE', 'too many concurrent writes to this account; retry shortly', { retryAfterMs: 250 });
      }
      const head = await readHead(userId);
      if (head === null) {
        await createHead(userId);
      } else if (head.pending.length === 0) {
        await sleep(backoffMs(attempt));
      } else if (head.leaseLeftMs !== null && head.leaseLeftMs > 0) {
        await faults?.reached('lease-wait', { userId, applied: 0, of: entries.length });
        await sleep(Math.min(head.leaseLeftMs, backoffMs(attempt)));
      } else {
        await help(userId, head);
      }
    }
  }

  /** Lands this writer's own claim; with a fault set, in two parts so a crash can fall after k of n writes. */
  async function landOwn(
    userId: string,
    collection: ReplicatedCollection,
    intents: Intent[],
    claimId: string,
  ): Promise<boolean[] | null | 'settled'> {
    const split = faults?.intentsBeforeFault;
    if (split !== undefined && split < intents.length) {
      if ((await land(userId, collection, intents.slice(0, split), claimId)) === 'settled') return 'settled';
      await faults?.reached('after-intents', { userId, applied: split, of: intents.length });
      if ((await land(userId, collection, intents.slice(split), claimId)) === 'settled') return 'settled';
      return null;
    }
    const result = await land(userId, collection, intents, claimId);
    if (result === 'settled') return 'settled';
    await faults?.reached('after-intents', { userId, applied: intents.length, of: intents.length });
    // Every update matched and modified, every insert inserted: all landed, no read-back needed.
    return result && result.modifiedCount + result.upsertedCount === intents.length ? intents.map(() => true) : null;
  }

  /** Waits for (or helps) a pending claim, as a writer does before claiming; the settled head's seq. */
  async function settledSeq(userId: string): Promise<number> {
    const deadline = Date.now() + options.waitLimitMs;
    for (let attempt = 0; ; attempt += 1) {
      const head = await readHead(userId);
      if (head === null) await createHead(userId);
      else if (head.pending.length === 0) return head.seq;
      else if (Date.now() > deadline)
        throw new ProtocolError('UNAVAILABLE', 'too many concurrent writes to this account; retry shortly', { retryAfterMs: 250 });
      else if (head.leaseLeftMs !== null && head.leaseLeftMs > 0) await sleep(Math.min(head.leaseLeftMs, backoffMs(attempt)));
      else await help(userId, head);
    }
  }

  async function commitClaim(
    userId: string,
    collection: ReplicatedCollection,
    writes: PlannedWrite[],
    fence: ClaimFence = {},
  ): Promise<CommitResult[] | null> {
    if (writes.length === 0) return [];
    const claimId = randomUUID();
    const planned = writes.map((write) => ({ ...write, hash: contentHash(write.content) }));
    const createdAt = new Date();
    await claimIntents.insertMany(
      planned.map((write, index) => ({
        userId,
        claimId,
        index,
        collection,
        id: write.id,
        expectedSeq: write.expectedSeq,
        content: write.content,
        hash: write.hash,
        createdAt,
      })),
      { ordered: true, ...timed },
    );
    const firstSeq = await waitAndClaim(
      userId,
      claimId,
      planned.map(({ id, hash }) => ({ id, hash })),
      fence,
    );
    if (firstSeq === null) return null;
    const intents: Intent[] = planned.map((write, index) => ({ ...write, seq: firstSeq + index }));
    await faults?.reached('after-claim', { userId, applied: 0, of: intents.length });
    // A claim with inserts lands only while pending: a writer back after a helper settled its claim inserts nothing again.
    const landed = await landOwn(userId, collection, intents, claimId);
    const flags = landed === 'settled' ? [] : (landed ?? (await landedFlags(userId, collection, intents)));
    if (landed !== 'settled' && (await settle(userId, claimId))) {
      await dropIntents(userId, claimId);
      return intents.map((intent, index) => ({ seq: intent.seq, applied: flags[index] === true }));
    }
    // A helper settled this claim while its writer was away ([SF4]): the helper's record says what landed,
    // so the writer still reports (and the server broadcasts) those writes. Without a record the rows are
    // decided again: never written twice, at worst reported as conflicts.
    const head = await seqHeads.findOne({ userId }, { projection: { helped: 1 }, ...timed });
    const record = head?.helped?.find((helped) => helped.claimId === claimId);
    return intents.map((intent, index) => ({ seq: intent.seq, applied: record?.landed.includes(index) === true }));
  }

  return {
    commit: async (userId, collection, writes) => (await commitClaim(userId, collection, writes))!,
    commitAt: commitClaim,
    settledSeq,
    sharingState: async (userId) => {
      const head = await seqHeads.findOne({ userId }, { projection: { _id: 0, epoch: 1, shares: 1 }, ...timed });
      return { epoch: head?.epoch ?? 0, shares: head?.shares === true };
    },
  };
}
