import { describeUnsafeText, textsOf, unsafeTextsOf, type UnsafeText } from '@tasklane/shared/domain/document-text';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import type { RefusedRow } from '@tasklane/shared/protocol/push';

type Document = Task | TaskList;
type Row<D extends Document> = { newDocumentState: D; assumedMasterState?: D | undefined };

/**
 * [UC4] The unsafe texts of `next` that `stored` did not already hold in the same field. Text stored before this rule
 * (or by an older server) stays: an edit of another field of such a document is not refused, nor is a retry. A stored
 * tombstone holds nothing a live document may keep.
 */
export function newUnsafeTexts(next: Document, stored: Document | null): UnsafeText[] {
  const found = unsafeTextsOf(next);
  if (found.length === 0 || !stored || stored._deleted) return found;
  const kept = new Set(textsOf(stored).map(({ field, text }) => `${field}\n${text}`));
  return found.filter(({ field, text }) => !kept.has(`${field}\n${text}`));
}

/**
 * [UC7] The tombstone a deletion stores when its texts hold unsafe text the stored document does not: the stored
 * document's texts (a tombstone's too), or none for a document the server never held. So every deletion is accepted,
 * yet none brings in new unsafe text.
 */
export function safeTombstone<D extends Document>(next: D, stored: D | null): D {
  if ('name' in next) return { ...next, name: stored ? (stored as TaskList).name : 'Deleted list' };
  const task = next;
  const { title, description, tags, checklist } = stored
    ? (stored as Task)
    : { title: 'Deleted task', description: '', tags: [], checklist: [] };
  return { ...task, title, description, tags, checklist };
}

export type ScreenedRows<R, S> = { rows: R[]; refused: RefusedRow[]; conflicts: S[] };

/**
 * [UC2] Refuses, per row, a push row whose document would gain an unsafe character ([UC1]); the other rows go on to
 * the store. A deletion is never refused: it goes on with the stored texts instead ([UC7]). Only rows holding unsafe text
 * read the stored documents (rare), all in one read, and go on only when they were written on top of that very revision
 * (their `assumedMasterState.seq`), so the store writes them only over the content compared here; with another revision
 * a row is answered as the conflict the store would answer ([W3], [W4]), and the client merges and pushes again.
 */
export async function screenUnsafeRows<D extends Document, S extends D & { seq: number }, R extends Row<D>>(
  rows: R[],
  current: (ids: string[]) => Promise<S[]>,
): Promise<ScreenedRows<R, S>> {
  const unsafe = new Set(rows.filter((row) => unsafeTextsOf(row.newDocumentState).length > 0).map((row) => row.newDocumentState.id));
  const stored = new Map(unsafe.size > 0 ? (await current([...unsafe])).map((document) => [document.id, document]) : []);
  const screened: ScreenedRows<R, S> = { rows: [], refused: [], conflicts: [] };
  for (const row of rows) {
    const next = row.newDocumentState;
    if (!unsafe.has(next.id)) {
      screened.rows.push(row);
      continue;
    }
    const held = stored.get(next.id) ?? null;
    if (held && row.assumedMasterState?.seq !== held.seq) {
      screened.conflicts.push(held);
      continue;
    }
    const [fresh] = newUnsafeTexts(next, held);
    if (!fresh) screened.rows.push(row);
    else if (next._deleted) screened.rows.push({ ...row, newDocumentState: safeTombstone(next, held) });
    else screened.refused.push({ id: next.id, code: 'UNSAFE_TEXT', message: describeUnsafeText(fresh) });
  }
  return screened;
}
