import type { Checkpoint } from '@tasklane/shared/protocol/checkpoint';
import type { RefusedRow } from '@tasklane/shared/protocol/push';
import { fromAnotherGeneration } from '@tasklane/shared/sync/checkpoint-position';

/** A pushed row as the rewind needs it: its id and the seq of the master state it was based on (none: a new document). */
export type PushedBase = { id: string; baseSeq: number | undefined };

export type RefusalRewind = {
  /** After a push answered: true when some row was refused and the next pull must start further back. */
  afterPush(pushed: readonly PushedBase[], refused: readonly RefusedRow[] | undefined, known: Checkpoint | null): boolean;
  /** Where a pull from RxDB's `last` checkpoint starts: the pending rewind once, when it lies before `last`; else `last`. */
  startOf(last: Checkpoint | undefined): Checkpoint | undefined;
};

/**
 * [RJ11] RxDB does not apply a pulled document while the device holds an unpushed change of it, yet moves its checkpoint
 * past it: the push is expected to meet that newer state as a conflict. A refused row meets none — the refusal hands
 * RxDB the device's own state as the server's ([RJ5]) — so a newer state pulled meanwhile (a list's content hidden
 * from a member who lost it, [SH5]; another device's edit) would never come again. After a refusal the next pull
 * therefore starts again from the refused rows' bases: what came since is pulled once more and applied now.
 */
export function createRefusalRewind(): RefusalRewind {
  let pending: Checkpoint | null = null;
  return {
    afterPush(pushed, refused, known) {
      if (!refused || refused.length === 0 || known === null) return false;
      const ids = new Set(refused.map((row) => row.id));
      const bases = pushed.filter((row) => ids.has(row.id)).map((row) => row.baseSeq ?? known.seq);
      const seq = Math.min(known.seq, ...bases, pending?.seq ?? Number.POSITIVE_INFINITY);
      if (seq >= known.seq) return false;
      pending = known.generation === undefined ? { seq } : { seq, generation: known.generation };
      return true;
    },
    startOf(last) {
      const rewind = pending;
      pending = null;
      if (!rewind || !last || fromAnotherGeneration(rewind, last) || rewind.seq >= last.seq) return last;
      return rewind;
    },
  };
}
