import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { isDuplicateKeyError } from './errors';
import { toTaskDocument, type MongoCollections, type SeqHeadDocument, type TaskContent, type WriteIntent } from './collections';

export type PlannedWrite = { id: string; expectedSeq: number | null; content: TaskContent };
export type CommitResult = { seq: number; applied: boolean };

export type MongoSequencer = {
  /**
   * Claims the next seqs of the user for `writes` (in order), applies them in
   * seq order and settles the claim. `applied: false` means the document was
   * no longer at `expectedSeq`: the caller re-reads it and decides again.
   */
  commit(userId: string, writes: PlannedWrite[]): Promise<CommitResult[]>;
};

/** Losing the claim race this many times in a row means heavy contention: the client retries later. */
const MAX_CLAIM_ATTEMPTS = 200;

/**
 * The checkpoint method of docs/protocol.md "Checkpoints on MongoDB".
 * Safety rests on three single-document atomic operations:
 * 1. the claim is a compare-and-set on the user's head (`seq` = L, nothing pending),
 *    so seqs are handed out strictly upwards and never twice;
 * 2. a claimed write lands only by a compare-and-set on the task's revision
 *    (`seq` in [expectedSeq, claimed seq]), so re-running it is harmless;
 * 3. the claim is settled only after each of its writes has landed or can never land,
 *    and the next claim needs a settled head.
 * Anyone who finds a pending claim finishes it, so a writer that died mid-claim blocks nobody.
 */
export function createMongoSequencer(collections: MongoCollections): MongoSequencer {
  const { tasks, seqHeads } = collections;

  async function readHead(userId: string): Promise<SeqHeadDocument> {
    const head = await seqHeads.findOne({ userId });
    if (head) return head;
    // First write of this user (or data imported without heads): start above any seq already stored.
    const highest = await tasks
      .find({ userId }, { projection: { seq: 1 } })
      .sort({ seq: -1 })
      .limit(1)
      .next();
    try {
      await seqHeads.insertOne({ userId, seq: highest?.seq ?? 0, pending: [] });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const created = await seqHeads.findOne({ userId });
    if (!created) throw new Error(`the seq head of user ${userId} vanished`);
    return created;
  }

  /** Lands one claimed write, or proves it can never land. Idempotent; safe to run late. */
  async function applyIntent(userId: string, intent: WriteIntent): Promise<boolean> {
    const document = toTaskDocument(userId, intent.content, intent.seq);
    if (intent.expectedSeq !== null) {
      const result = await tasks.updateOne(
        { userId, id: intent.id, seq: { $in: [intent.expectedSeq, intent.seq] } },
        document.completedAtDate ? { $set: document } : { $set: document, $unset: { completedAtDate: '' } },
      );
      return result.matchedCount === 1;
    }
    try {
      await tasks.insertOne({ ...document });
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    // Someone (another helper, or an earlier insert of the same id) holds the id.
    const holder = await tasks.findOne({ userId, id: intent.id }, { projection: { seq: 1 } });
    return holder?.seq === intent.seq;
  }

  /** Finishes a claim, whoever made it: every write in seq order, then the head is settled. */
  async function settle(userId: string, head: SeqHeadDocument): Promise<boolean[]> {
    const applied: boolean[] = [];
    for (const intent of [...head.pending].sort((a, b) => a.seq - b.seq)) applied.push(await applyIntent(userId, intent));
    await seqHeads.updateOne({ userId, seq: head.seq }, { $set: { pending: [] } });
    return applied;
  }

  return {
    async commit(userId, writes) {
      if (writes.length === 0) return [];
      for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt += 1) {
        const head = await readHead(userId);
        if (head.pending.length > 0) {
          await settle(userId, head);
          continue;
        }
        const pending: WriteIntent[] = writes.map((write, index) => ({ ...write, seq: head.seq + 1 + index }));
        const claimedSeq = head.seq + pending.length;
        const claim = await seqHeads.updateOne({ userId, seq: head.seq, pending: { $size: 0 } }, { $set: { seq: claimedSeq, pending } });
        if (claim.matchedCount !== 1) continue;
        const applied = await settle(userId, { userId, seq: claimedSeq, pending });
        return pending.map((intent, index) => ({ seq: intent.seq, applied: applied[index] === true }));
      }
      throw new ProtocolError('UNAVAILABLE', 'too many concurrent writes to this account; retry shortly', { retryAfterMs: 250 });
    },
  };
}
