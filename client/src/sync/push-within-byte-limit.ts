import type { ReplicatedCollection } from '@tasklane/shared/protocol/collections';
import { PROTOCOL_LIMITS } from '@tasklane/shared/protocol/limits';
import type { RefusedRow } from '@tasklane/shared/protocol/push';
import { utf8Length } from '@tasklane/shared/export/utf8-length';

/** The JSON of a push message without its rows: `{ "collection": …, "rows": [] }` (a push of tasks may name none). */
function envelopeBytes(collection: ReplicatedCollection | undefined): number {
  return utf8Length(JSON.stringify(collection === undefined ? { rows: [] } : { collection, rows: [] }));
}

/** Consecutive runs of `rows` whose push message takes at most `maxBytes` of JSON each (a lone larger row goes alone). */
export function splitRowsByBytes<T>(rows: T[], maxBytes: number, collection?: ReplicatedCollection): T[][] {
  const envelope = envelopeBytes(collection);
  const batches: T[][] = [];
  let batch: T[] = [];
  let bytes = envelope;
  for (const row of rows) {
    const rowBytes = utf8Length(JSON.stringify(row));
    if (batch.length > 0 && bytes + 1 + rowBytes > maxBytes) {
      batches.push(batch);
      batch = [];
      bytes = envelope;
    }
    bytes += (batch.length > 0 ? 1 : 0) + rowBytes; // the comma before every row but the first
    batch.push(row);
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * [AB4]: RxDB hands the push handler up to `pushBatchSize` rows, which may be far more than one socket
 * message may carry. They go as consecutive `push` messages of at most `PROTOCOL_LIMITS.pushMaxBytes` each;
 * rows are independent ([W6]), so the conflicts (and refusals, [RJ1]) of all of them are the answer. Should a later message fail,
 * RxDB retries the whole batch, and rows already written come back as harmless retries ([W5]).
 */
export async function pushWithinByteLimit<Row, Conflict>(
  push: (request: { collection?: ReplicatedCollection; rows: Row[] }) => Promise<{ conflicts: Conflict[]; refused?: RefusedRow[] }>,
  rows: Row[],
  maxBytes: number = PROTOCOL_LIMITS.pushMaxBytes,
  collection?: ReplicatedCollection,
): Promise<{ conflicts: Conflict[]; refused: RefusedRow[] }> {
  const conflicts: Conflict[] = [];
  const refused: RefusedRow[] = [];
  for (const batch of splitRowsByBytes(rows, maxBytes, collection)) {
    const answer = await push(collection === undefined ? { rows: batch } : { collection, rows: batch });
    conflicts.push(...answer.conflicts);
    refused.push(...(answer.refused ?? []));
  }
  return { conflicts, refused };
}
