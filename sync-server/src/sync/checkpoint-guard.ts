import type { Checkpoint, ServerCheckpoint } from '@tasklane/shared/protocol/checkpoint';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { Store } from '../store/store';

export type CheckpointGuard = {
  /** [G3] Refuses, before the pull runs, a checkpoint that names another generation. */
  checkGeneration(checkpoint: Checkpoint | null): Promise<void>;
  /**
   * [G3] After a pull came back empty: refuses a checkpoint past the user's highest seq (a store
   * restored from a backup, or a legacy checkpoint held against a fresh store, [G4]). A page with
   * documents proves the checkpoint is behind one of them, so only an empty page costs a query.
   */
  checkNotAhead(userId: string, checkpoint: Checkpoint | null): Promise<void>;
  /** [G2] The checkpoint at `seq` in this store. */
  at(seq: number): Promise<ServerCheckpoint>;
  generation(): Promise<string>;
};

function unknownCheckpoint(reason: string): ProtocolError {
  return new ProtocolError(
    'CHECKPOINT_UNKNOWN',
    `${reason}: the server's store was reset or restored; pull again from a null checkpoint and push every local document`,
  );
}

/** The store generation checks of docs/protocol.md [G1]–[G4], applied where pulls are served. */
export function createCheckpointGuard(store: Pick<Store, 'generation' | 'highestSeq'>): CheckpointGuard {
  let generation: Promise<string> | undefined;
  // Fixed for the life of an open store; a failed read is tried again next time.
  const current = () => {
    generation ??= store.generation().catch((error: unknown) => {
      generation = undefined;
      throw error;
    });
    return generation;
  };

  return {
    async checkGeneration(checkpoint) {
      if (checkpoint?.generation === undefined) return;
      if (checkpoint.generation !== (await current())) throw unknownCheckpoint('the checkpoint is from another store generation');
    },
    async checkNotAhead(userId, checkpoint) {
      if (checkpoint === null || checkpoint.seq === 0) return;
      if (checkpoint.seq > (await store.highestSeq(userId))) throw unknownCheckpoint('the checkpoint is past the newest change');
    },
    async at(seq) {
      return { seq, generation: await current() };
    },
    generation: current,
  };
}
