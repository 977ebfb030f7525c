import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import type { PushAttempt } from './ack-ledger';
import { CONTENT_FIELDS, LIST_CONTENT_FIELDS, sameFieldValue } from './canonical-tasks';

type Final = ReadonlyMap<string, ReadonlyMap<string, Task | TaskList>>;

const fieldValue = (attempt: PushAttempt | { doc: Task | TaskList }, field: string): unknown =>
  (attempt.doc as Record<string, unknown>)[field] ?? (field === '_deleted' ? false : undefined);

/**
 * "Every write any device saw acknowledged is present, or superseded by a
 * later write to the same field." For each acknowledged row and each content
 * field, the final value must equal the row's, unless another row of the same
 * document with a different value for that field may have been written after it:
 * acknowledged, or sent without an answer (it may have landed), and not
 * answered before the first row was sent. Rows answered as conflicts were
 * never written and supersede nothing. Tasks and lists are checked alike, each
 * against its own collection in the store ([CL1]). Returns one line per violation.
 */
export function findLostAcknowledgedWrites(
  attempts: readonly PushAttempt[],
  finalByUser: ReadonlyMap<string, ReadonlyMap<string, Task>>,
  finalListsByUser: ReadonlyMap<string, ReadonlyMap<string, TaskList>> = new Map(),
): string[] {
  const byDocument = new Map<string, PushAttempt[]>();
  for (const attempt of attempts) {
    const key = `${attempt.userId}/${attempt.collection === 'lists' ? 'list ' : ''}${attempt.doc.id}`;
    const rows = byDocument.get(key);
    if (rows) rows.push(attempt);
    else byDocument.set(key, [attempt]);
  }
  const lost: string[] = [];
  for (const [key, rows] of byDocument) {
    const mayHaveLanded = rows.filter(
      (attempt) => attempt.outcome === 'acknowledged' || attempt.outcome === 'unknown' || attempt.outcome === 'in-flight',
    );
    for (const acked of rows) {
      if (acked.outcome !== 'acknowledged') continue;
      const [finals, fields]: [Final, readonly string[]] =
        acked.collection === 'lists' ? [finalListsByUser, LIST_CONTENT_FIELDS] : [finalByUser, CONTENT_FIELDS];
      const final = finals.get(acked.userId)?.get(acked.doc.id);
      if (!final) {
        lost.push(`${key}: acknowledged by ${acked.device} but missing from the store`);
        continue;
      }
      for (const field of fields) {
        const value = fieldValue(acked, field);
        const finalValue = fieldValue({ doc: final }, field);
        if (sameFieldValue(value, finalValue)) continue;
        const superseded = mayHaveLanded.some(
          (other) =>
            other !== acked && !sameFieldValue(fieldValue(other, field), value) && (other.answeredAt ?? Infinity) > acked.emittedAt,
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
