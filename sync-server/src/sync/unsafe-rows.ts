import { describeUnsafeText, textsOf, unsafeTextsOf, type UnsafeText } from '@tasklane/shared/domain/document-text';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import type { RefusedRow } from '@tasklane/shared/protocol/push';

type Document = Task | TaskList;
type Row<D extends Document> = { newDocumentState: D; assumedMasterState?: D | undefined };

/**
 * [UC4] The unsafe texts of `next` that `stored` did not already hold in the same field. Text stored before this rule
 * (or by an older server) stays: an edit of another field of such a document is not refused, nor is a retry.
 */
export function newUnsafeTexts(next: Document, stored: Document | null): UnsafeText[] {
  const found = next._deleted ? [] : unsafeTextsOf(next);
  if (found.length === 0 || !stored || stored._deleted) return found;
  const kept = new Set(textsOf(stored).map(({ field, text }) => `${field}\n${text}`));
  return found.filter(({ field, text }) => !kept.has(`${field}\n${text}`));
}

export type ScreenedRows<R, S> = { rows: R[]; refused: RefusedRow[]; conflicts: S[] };

/**
 * [UC2] Refuses, per row, a push row whose document would gain an unsafe character ([UC1]); the other rows go on to
 * the store. A tombstone is never refused. A row of an unsafe document reads the stored one (rare: only such rows pay
 * for it) and goes on only when it was written on top of that very revision (its `assumedMasterState.seq`), so the
 * store writes it only over the content compared here; with another revision it is answered as the conflict the store
 * would answer ([W3], [W4]), and the client merges and pushes again.
 */
export async function screenUnsafeRows<D extends Document, S extends D & { seq: number }, R extends Row<D>>(
  rows: R[],
  current: (id: string) => Promise<S | null>,
): Promise<ScreenedRows<R, S>> {
  const screened: ScreenedRows<R, S> = { rows: [], refused: [], conflicts: [] };
  for (const row of rows) {
    const next = row.newDocumentState;
    if (next._deleted || unsafeTextsOf(next).length === 0) {
      screened.rows.push(row);
      continue;
    }
    const stored = await current(next.id);
    if (stored && row.assumedMasterState?.seq !== stored.seq) {
      screened.conflicts.push(stored);
      continue;
    }
    const [fresh] = newUnsafeTexts(next, stored);
    if (fresh) screened.refused.push({ id: next.id, code: 'UNSAFE_TEXT', message: describeUnsafeText(fresh) });
    else screened.rows.push(row);
  }
  return screened;
}
