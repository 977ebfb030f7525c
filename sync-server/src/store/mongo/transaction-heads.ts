import type { ClientSession, Collection } from 'mongodb';
import type { SeqHeadDocument } from './collections';

/**
 * A head a sharing transaction needs is not settled (a claim of the push path is pending) or does not exist yet. The
 * transaction is abandoned; its caller waits for (or helps) the claim, or creates the head, and runs it again.
 */
export class HeadNotReady extends Error {
  override name = 'HeadNotReady';
  constructor(readonly userId: string) {
    super(`the sequencer head of user ${userId} is not settled`);
  }
}

type Taken = { stored: number; next: number; closed: boolean };

/**
 * The seqs of a sharing transaction (docs/protocol.md "Shared lists on MongoDB"): every user whose documents or feed it
 * writes, or whose sharing it reads, has their head taken first, inside the transaction — a write that moves `epoch`
 * (and marks the user as one who `shares`), only on a settled head. From then on no claim of the push path and no other
 * transaction can move that head until this one commits or aborts (the later one waits, or aborts on the write conflict
 * and runs again), so seqs are handed out in commit order, once. The new highest seq of each head is written once, at
 * the end. Heads are taken only for users a change really concerns: taking one marks its user as sharing for good.
 */
export function createTransactionHeads(seqHeads: Collection<SeqHeadDocument>, session: ClientSession, maxTimeMS: number) {
  const taken = new Map<string, Taken>();
  const options = { session, maxTimeMS };

  /** Takes every head not taken yet, in two round trips; a head that is missing or not settled abandons the transaction. */
  async function takeAll(userIds: readonly string[]): Promise<void> {
    const wanted = [...new Set(userIds)].filter((userId) => !taken.has(userId));
    if (wanted.length === 0) return;
    const filter = { userId: { $in: wanted }, pending: { $size: 0 } };
    const updated = await seqHeads.updateMany(filter, { $inc: { epoch: 1 }, $set: { shares: true } }, options);
    const found = await seqHeads
      .find({ userId: { $in: wanted } }, { projection: { _id: 0, userId: 1, seq: 1, closed: 1, pending: 1 }, ...options })
      .toArray();
    if (updated.matchedCount !== wanted.length) {
      // Missing or pending; the settled ones taken above are released when the transaction is abandoned.
      const settled = new Set(found.filter((head) => head.pending.length === 0).map((head) => head.userId));
      throw new HeadNotReady(wanted.find((userId) => !settled.has(userId)) ?? wanted[0]!);
    }
    for (const head of found) taken.set(head.userId, { stored: head.seq, next: head.seq, closed: head.closed === true });
  }

  async function take(userId: string): Promise<Taken> {
    await takeAll([userId]);
    return taken.get(userId)!;
  }

  return {
    /** Takes the user's head without a seq: their highest seq is read before anything of theirs moves ([P4]). */
    take: async (userId: string): Promise<void> => {
      await take(userId);
    },
    takeAll,
    /** The user's next seq. */
    next: async (userId: string): Promise<number> => {
      const entry = await take(userId);
      entry.next += 1;
      return entry.next;
    },
    /** [SH5] Whether the account is being deleted: it joins nothing and is given nothing any more. Only for a taken head. */
    closed: (userId: string): boolean => taken.get(userId)?.closed === true,
    /** Writes each head's new highest seq in one round trip; called last in the transaction. */
    async finish(): Promise<void> {
      const moved = [...taken].filter(([, entry]) => entry.next > entry.stored);
      if (moved.length === 0) return;
      await seqHeads.bulkWrite(
        moved.map(([userId, entry]) => ({ updateOne: { filter: { userId }, update: { $set: { seq: entry.next } } } })),
        { ordered: false, ...options },
      );
    },
  };
}

export type TransactionHeads = ReturnType<typeof createTransactionHeads>;
