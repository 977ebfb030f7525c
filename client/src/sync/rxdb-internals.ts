import type { WithDeleted } from 'rxdb/plugins/core';
import type { RxReplicationState } from 'rxdb/plugins/replication';

/**
 * The only code that reaches past RxDB's public API: its replication keeps
 * what it believes the server holds and its queue of pushes in flight in
 * internal fields. `rxdb-internals.test.ts` pins the RxDB version these
 * readers were written for and runs them against a real replication, so an
 * RxDB upgrade that moves the fields fails there, not in the app.
 */
export const RXDB_INTERNALS_WRITTEN_FOR = '17.6';

export type AssumedMasterStates<RxDocType> = (ids: string[]) => Promise<Map<string, WithDeleted<RxDocType>>>;

/**
 * Reads the replication's assumed master state of documents (the state it
 * believes the server holds). Null while this instance does not replicate
 * (another tab is the leader, or the replication has not started).
 */
export function assumedMasterStatesOf<RxDocType, CheckpointType>(
  replication: RxReplicationState<RxDocType, CheckpointType>,
): AssumedMasterStates<RxDocType> | null {
  const meta = replication.metaInstance;
  if (!meta) return null;
  return async (ids) => {
    // The meta instance's composed primary key: `<itemId>|<isCheckpoint>`, '0' for document states.
    const docs = await meta.findDocumentsById(
      ids.map((id) => `${id}|0`),
      true,
    );
    return new Map(docs.map((doc) => [doc.itemId, doc.docData]));
  };
}

/** Settles once the pushes queued so far are answered; undefined before the replication runs. */
export function pushesInFlight<RxDocType, CheckpointType>(
  replication: RxReplicationState<RxDocType, CheckpointType>,
): Promise<unknown> | undefined {
  return replication.internalReplicationState?.streamQueue.up;
}

/** How many push round trips came back with conflicts since the replication started. */
export function pushConflictsSoFar<RxDocType, CheckpointType>(replication: RxReplicationState<RxDocType, CheckpointType>): number {
  return replication.internalReplicationState?.stats.up.persistToMasterHadConflicts ?? 0;
}

/**
 * Whether a write came from the replication's downstream: RxDB writes the documents it pulled with
 * the context `replication-downstream-<checkpoint key>`. Such a document holds the server's state,
 * so it never waits to be pushed.
 */
export function isPulledWrite(context: string): boolean {
  return context.startsWith('replication-downstream-');
}

/**
 * The checkpoint the replication has stored for a direction ('down': how far it has pulled), from its meta instance
 * (`<direction>|1`, `checkpointData`). Null before the first one is stored or while the replication does not run.
 */
export async function storedCheckpointOf<RxDocType, CheckpointType>(
  replication: RxReplicationState<RxDocType, CheckpointType>,
  direction: 'up' | 'down',
): Promise<CheckpointType | null> {
  const meta = replication.metaInstance;
  if (!meta) return null;
  const [doc] = await meta.findDocumentsById([`${direction}|1`], false);
  return (doc as { checkpointData?: CheckpointType } | undefined)?.checkpointData ?? null;
}
