import { merge, type Observable } from 'rxjs';
import { filter, map } from 'rxjs/operators';
import type { ChangesEvent } from '@tasklane/shared/protocol/changes';
import type { Checkpoint } from '@tasklane/shared/protocol/checkpoint';
import type { ReplicatedCollection } from '@tasklane/shared/protocol/collections';
import { checkpointSeq, fromAnotherGeneration } from '@tasklane/shared/sync/checkpoint-position';
import type { RxReplicationPullStreamItem } from 'rxdb/plugins/core';
import type { StreamPosition } from './stream-position';

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
 * RxDB's `pull.stream$` of one collection: its live `changes` pass through while they follow what the device has
 * heard of the collection (`StreamPosition`, [CM5]); a gap, every reconnect and a slow safety timer emit 'RESYNC' so
 * RxDB pulls what it missed (docs/protocol.md [CH3], [CH4]). Events of the other collections are not this stream's.
 */
export function createPullStream<Doc>(deps: {
  collection: ReplicatedCollection;
  changes$: Observable<ChangesEvent>;
  reconnected$: Observable<void>;
  safetyTick$: Observable<unknown>;
  checkpoints: CheckpointTracker;
  position: StreamPosition;
}): Observable<RxReplicationPullStreamItem<Doc, Checkpoint>> {
  const { checkpoints, position, collection } = deps;
  const live$ = deps.changes$.pipe(
    filter((event) => event.collection === collection),
    // Already seen through a pull: nothing new. From another store generation: the server was reset ([G5]).
    filter(
      (event) =>
        fromAnotherGeneration(event.checkpoint, checkpoints.get()) || checkpointSeq(event.checkpoint) > checkpointSeq(checkpoints.get()),
    ),
    map((event): RxReplicationPullStreamItem<Doc, Checkpoint> => {
      if (fromAnotherGeneration(event.checkpoint, checkpoints.get())) return 'RESYNC';
      if (position.leavesGap(collection, event.previous)) return 'RESYNC';
      checkpoints.advance(event.checkpoint);
      return { documents: event.documents as unknown as Doc[], checkpoint: event.checkpoint } as RxReplicationPullStreamItem<
        Doc,
        Checkpoint
      >;
    }),
  );
  const resync$ = merge(deps.reconnected$, deps.safetyTick$).pipe(map(() => 'RESYNC' as const));
  return merge(live$, resync$);
}
