import { merge, type Observable } from 'rxjs';
import { filter, map } from 'rxjs/operators';
import type { Task } from '@tasklane/shared/domain/task';
import type { ChangesEvent } from '@tasklane/shared/protocol/changes';
import type { Checkpoint } from '@tasklane/shared/protocol/checkpoint';
import { changesLeaveGap, checkpointSeq, fromAnotherGeneration } from '@tasklane/shared/sync/checkpoint-position';
import type { RxReplicationPullStreamItem } from 'rxdb/plugins/core';

export type CheckpointTracker = {
  get(): Checkpoint | null;
  /** Moves forward only: an old checkpoint never rewinds what was already seen. */
  advance(checkpoint: Checkpoint | null | undefined): void;
};

export function createCheckpointTracker(): CheckpointTracker {
  let known: Checkpoint | null = null;
  return {
    get: () => known,
    advance(checkpoint) {
      // Another generation's seqs do not compare with ours ([G5]); the refused pull resets the replication.
      if (!checkpoint || fromAnotherGeneration(checkpoint, known)) return;
      const ahead = checkpointSeq(checkpoint) > checkpointSeq(known);
      const learnsGeneration = known?.seq === checkpoint.seq && known.generation === undefined; // a legacy checkpoint ([G4])
      if (!ahead && !learnsGeneration) return;
      const generation = checkpoint.generation ?? known?.generation;
      known = generation === undefined ? { seq: checkpoint.seq } : { seq: checkpoint.seq, generation };
    },
  };
}

/**
 * RxDB's `pull.stream$`: live `changes` pass through while they follow the
 * client's checkpoint; a gap (`previous` past it), every reconnect and a slow
 * safety timer emit 'RESYNC' so RxDB pulls what it missed (docs/protocol.md [CH3], [CH4]).
 */
export function createPullStream(deps: {
  changes$: Observable<ChangesEvent>;
  reconnected$: Observable<void>;
  safetyTick$: Observable<unknown>;
  checkpoints: CheckpointTracker;
}): Observable<RxReplicationPullStreamItem<Task, Checkpoint>> {
  const { checkpoints } = deps;
  const live$ = deps.changes$.pipe(
    // Already seen through a pull: nothing new. From another store generation: the server was reset ([G5]).
    filter(
      (event) =>
        fromAnotherGeneration(event.checkpoint, checkpoints.get()) || checkpointSeq(event.checkpoint) > checkpointSeq(checkpoints.get()),
    ),
    map((event): RxReplicationPullStreamItem<Task, Checkpoint> => {
      if (fromAnotherGeneration(event.checkpoint, checkpoints.get())) return 'RESYNC';
      if (changesLeaveGap(event.previous, checkpoints.get())) return 'RESYNC';
      checkpoints.advance(event.checkpoint);
      return { documents: event.documents, checkpoint: event.checkpoint };
    }),
  );
  const resync$ = merge(deps.reconnected$, deps.safetyTick$).pipe(map(() => 'RESYNC' as const));
  return merge(live$, resync$);
}
