import type { ClientSession, MongoClient } from 'mongodb';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { SeqHeadDocument } from './collections';
import type { Collection } from 'mongodb';
import { createTransactionHeads, HeadNotReady, type TransactionHeads } from './transaction-heads';
import { inBoundedTransaction } from './bounded-transaction';

/** How often a sharing transaction may find a head busy (each time waiting for it) before the caller is told to retry. */
const MAX_HEAD_WAITS = 20;

export type SharingTransactionDeps = {
  client: MongoClient;
  seqHeads: Collection<SeqHeadDocument>;
  /** Waits for (or helps) a pending claim of the user, creating their head when they have none. */
  settle(userId: string): Promise<unknown>;
  maxTimeMS: number;
  /** [MG1] The bound of a commit: no larger than the write concern's `wtimeout`. */
  commitTimeMS: number;
};

/**
 * Runs `body` in one multi-document transaction (snapshot reads, majority-acknowledged journaled commit): a write to a
 * shared list, a membership change. The driver runs it again on a transient error (a write conflict with another
 * transaction or claim); a head that is not settled abandons it, waits for the head, and runs it again. `body` may run
 * several times, so it builds its outcome afresh each time.
 */
export async function inSharingTransaction<T>(
  deps: SharingTransactionDeps,
  body: (session: ClientSession, heads: TransactionHeads) => Promise<T>,
): Promise<T> {
  for (let waits = 0; ; waits += 1) {
    const session = deps.client.startSession();
    try {
      return await inBoundedTransaction(session, deps.commitTimeMS, async () => {
        const heads = createTransactionHeads(deps.seqHeads, session, deps.maxTimeMS);
        const value = await body(session, heads);
        await heads.finish();
        return value;
      });
    } catch (error) {
      if (!(error instanceof HeadNotReady)) throw error;
      if (waits === MAX_HEAD_WAITS) {
        throw new ProtocolError('UNAVAILABLE', 'too many concurrent writes to this shared list; retry shortly', { retryAfterMs: 250 });
      }
      await deps.settle(error.userId);
    } finally {
      await session.endSession();
    }
  }
}
