import type { Task } from '@tasklane/shared/domain/task';
import type { PushAttempt } from './ack-ledger';
import { CONTENT_FIELDS, sameFieldValue } from './canonical-tasks';

/**
 * "Every write any device saw acknowledged is present, or superseded by a
 * later write to the same field." For each acknowledged row and each content
 * field, the final value must equal the row's, unless another row of the same
 * task with a different value for that field may have been written after it:
 * acknowledged, or sent without an answer (it may have landed), and not
 * answered before the first row was sent. Rows answered as conflicts were
 * never written and supersede nothing. Returns one line per violation.
 */
export function findLostAcknowledgedWrites(
  attempts: readonly PushAttempt[],
  finalByUser: ReadonlyMap<string, ReadonlyMap<string, Task>>,
): string[] {
  const byTask = new Map<string, PushAttempt[]>();
  for (const attempt of attempts) {
    const key = `${attempt.userId}/${attempt.doc.id}`;
    const list = byTask.get(key);
    if (list) list.push(attempt);
    else byTask.set(key, [attempt]);
  }
  const lost: string[] = [];
  for (const [key, list] of byTask) {
    const mayHaveLanded = list.filter(
      (attempt) => attempt.outcome === 'acknowledged' || attempt.outcome === 'unknown' || attempt.outcome === 'in-flight',
    );
    for (const acked of list) {
      if (acked.outcome !== 'acknowledged') continue;
      const final = finalByUser.get(acked.userId)?.get(acked.doc.id);
      if (!final) {
        lost.push(`${key}: acknowledged by ${acked.device} but missing from the store`);
        continue;
      }
      for (const field of CONTENT_FIELDS) {
        const value = acked.doc[field] ?? (field === '_deleted' ? false : undefined);
        const finalValue = final[field] ?? (field === '_deleted' ? false : undefined);
        if (sameFieldValue(value, finalValue)) continue;
        const superseded = mayHaveLanded.some(
          (other) =>
            other !== acked &&
            !sameFieldValue(other.doc[field] ?? (field === '_deleted' ? false : undefined), value) &&
            (other.answeredAt ?? Infinity) > acked.emittedAt,
        );
        if (!superseded) {
          lost.push(
            `${key}.${field}: ${JSON.stringify(value)} acknowledged by ${acked.device} is gone (store has ${JSON.stringify(finalValue)}) and no later write changed it`,
          );
        }
      }
    }
  }
  return lost;
}
