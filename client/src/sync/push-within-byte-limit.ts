import type { PushRequest, PushResponse } from '@tasklane/shared/protocol/push';
import { PROTOCOL_LIMITS } from '@tasklane/shared/protocol/limits';

type PushRow = PushRequest['rows'][number];

/** Bytes of `text` in UTF-8, as the server counts a WebSocket message. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      index += 1;
    } else bytes += 3;
  }
  return bytes;
}

const ENVELOPE_BYTES = utf8ByteLength(JSON.stringify({ rows: [] }));

/** Consecutive runs of `rows` whose `{ rows }` message takes at most `maxBytes` of JSON each (a lone larger row goes alone). */
export function splitRowsByBytes<T>(rows: T[], maxBytes: number): T[][] {
  const batches: T[][] = [];
  let batch: T[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const row of rows) {
    const rowBytes = utf8ByteLength(JSON.stringify(row));
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
