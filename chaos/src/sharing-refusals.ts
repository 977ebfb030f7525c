import type { RefusedEdit } from '@tasklane/client/src/sync/sync-problems';
import type { PushAttempt } from './ack-ledger';
import { sameContent } from './sharing-visibility';

/**
 * [CS4] "No offline edit disappears silently": every document whose last push from a device was refused keeps the
 * user's edit in that device's record of refused rows ([RJ5], [RJ6]), whatever the pulls did to the document since — a
 * removal's tombstone ([SH5]) included. A refused deletion is not kept ([SC5]: it loses nothing the user wrote).
 * Returns one line per edit gone.
 */
export function findDroppedRefusals(
  device: string,
  last: ReadonlyMap<string, PushAttempt>,
  records: ReadonlyMap<string, RefusedEdit>,
): string[] {
  const dropped: string[] = [];
  for (const attempt of last.values()) {
    if (attempt.outcome !== 'refused' || attempt.doc._deleted) continue;
    const record = records.get(`${attempt.collection}:${attempt.doc.id}`);
    if (!record?.document || !sameContent(attempt.collection, record.document, attempt.doc))
      dropped.push(`${device}: the refused edit of ${attempt.collection} ${attempt.doc.id} is gone from its refused rows`);
  }
  return dropped;
}
