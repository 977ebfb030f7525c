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

/**
 * The seqs of a sharing transaction (docs/protocol.md "Shared lists on MongoDB"): every user whose documents or feed it
 * writes, or whose sharing it reads, has their head taken first, inside the transaction — a write that moves `epoch`
 * (and marks the user as one who `shares`), only on a settled head. From then on no claim of the push path and no other transaction can move that head until
 * this one commits or aborts (the later one waits, or aborts on the write conflict and runs again), so seqs are
 * handed out in commit order, once. The new highest seq of each head is written once, at the end.
 */
export function createTransactionHeads(seqHeads: Collection<SeqHeadDocument>, session: ClientSession, maxTimeMS: number) {
  const taken = new Map<string, { stored: number; next: number }>();

  async function take(userId: string) {
    const known = taken.get(userId);
    if (known) return known;
    const head = await seqHeads.findOneAndUpdate(
      { userId, pending: { $size: 0 } },
      { $inc: { epoch: 1 }, $set: { shares: true } },
      { session, returnDocument: 'after', projection: { _id: 0, seq: 1 }, maxTimeMS },
    );
    if (!head) throw new HeadNotReady(userId);
    const entry = { stored: head.seq, next: head.seq };
    taken.set(userId, entry);
    return entry;
  }

  return {
    /** Takes the user's head without a seq: their highest seq is read before anything of theirs moves ([P4]). */
    take: async (userId: string): Promise<void> => {
      await take(userId);
    },
    /** The user's next seq. */
    next: async (userId: string): Promise<number> => {
      const entry = await take(userId);
      entry.next += 1;
      return entry.next;
    },
    /** Writes each head's new highest seq; called last in the transaction. */
    async finish(): Promise<void> {
      for (const [userId, entry] of taken) {
        if (entry.next > entry.stored) await seqHeads.updateOne({ userId }, { $set: { seq: entry.next } }, { session, maxTimeMS });
      }
    },
  };
}

export type TransactionHeads = ReturnType<typeof createTransactionHeads>;
