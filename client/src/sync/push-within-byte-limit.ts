import type { PushRequest, PushResponse } from '@tasklane/shared/protocol/push';
import { PROTOCOL_LIMITS } from '@tasklane/shared/protocol/limits';
import { utf8Length } from '@tasklane/shared/export/utf8-length';

type PushRow = PushRequest['rows'][number];

const ENVELOPE_BYTES = utf8Length(JSON.stringify({ rows: [] }));

/** Consecutive runs of `rows` whose `{ rows }` message takes at most `maxBytes` of JSON each (a lone larger row goes alone). */
export function splitRowsByBytes<T>(rows: T[], maxBytes: number): T[][] {
  const batches: T[][] = [];
  let batch: T[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const row of rows) {
    const rowBytes = utf8Length(JSON.stringify(row));
    if (batch.length > 0 && bytes + 1 + rowBytes > maxBytes) {
      batches.push(batch);
      batch = [];
      bytes = ENVELOPE_BYTES;
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
 * rows are independent ([W6]), so the conflicts of all of them are the answer. Should a later message fail,
 * RxDB retries the whole batch, and rows already written come back as harmless retries ([W5]).
 */
export async function pushWithinByteLimit(
  push: (request: PushRequest) => Promise<PushResponse>,
  rows: PushRow[],
  maxBytes: number = PROTOCOL_LIMITS.pushMaxBytes,
): Promise<PushResponse> {
  const conflicts: PushResponse['conflicts'] = [];
  for (const batch of splitRowsByBytes(rows, maxBytes)) conflicts.push(...(await push({ rows: batch })).conflicts);
  return { conflicts };
}
